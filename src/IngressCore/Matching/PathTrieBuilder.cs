using System.Collections.Frozen;

namespace IngressCore.Matching;

/// <summary>
/// Collects the winning routes of one virtual host and flattens them into a <see cref="PathTrie"/>.
/// Callers resolve conflicts first: at most one route per (path, exact-or-prefix).
/// </summary>
internal sealed class PathTrieBuilder
{
    private readonly BuildNode _root = new(string.Empty);

    /// <summary>Adds a route whose path is absolute, normalised and validated.</summary>
    /// <param name="path">The route path.</param>
    /// <param name="exact">Whether the route matches the whole path only.</param>
    /// <param name="route">The route.</param>
    /// <returns>
    /// Whether the route was added, lost to an earlier route of the same path and kind (callers
    /// add oldest first), or was added beside its Prefix twin (<c>/p</c> and <c>/p/</c>); the
    /// other route involved, for diagnostics.
    /// </returns>
    public (PathAddOutcome Outcome, Route? Other) Add(string path, bool exact, Route route)
    {
        var node = _root;
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan()[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            var children = node.Children.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!children.TryGetValue(segment, out var child))
            {
                child = new BuildNode(segment.ToString());
                node.Children.Add(child.Segment, child);
            }

            node = child;
        }

        var trailingSlash = path.Length > 1 && path[^1] == '/';
        if (exact)
        {
            ref var slot = ref trailingSlash ? ref node.ExactSlash : ref node.Exact;
            if (slot is not null)
            {
                return (PathAddOutcome.Duplicate, slot);
            }

            slot = route;
            return (PathAddOutcome.Added, null);
        }

        // Prefix "/p/" and "/p" match the same requests; the spec prefers the longer string.
        ref var own = ref trailingSlash ? ref node.PrefixSlash : ref node.PrefixNoSlash;
        if (own is not null)
        {
            return (PathAddOutcome.Duplicate, own);
        }

        own = route;
        var twin = trailingSlash ? node.PrefixNoSlash : node.PrefixSlash;
        return twin is null ? (PathAddOutcome.Added, null) : (PathAddOutcome.AddedBesideTwin, twin);
    }

    /// <summary>Flattens the tree breadth-first so that every node's children are contiguous, into a forest of its own.</summary>
    public PathTrie Build()
    {
        var order = new List<BuildNode> { _root };
        var firstChild = new List<int>();
        for (var i = 0; i < order.Count; i++)
        {
            firstChild.Add(order.Count);
            order.AddRange(order[i].Children.Values.OrderBy(n => n.Segment, StringComparer.Ordinal));
        }

        var nodes = new PathForest.Node[order.Count];
        var text = new char[order.Sum(n => n.Segment.Length)];
        var lookups = new List<FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>>();
        var textAt = 0;
        for (var i = 0; i < order.Count; i++)
        {
            var source = order[i];
            source.Segment.CopyTo(text.AsSpan(textAt));
            nodes[i] = new PathForest.Node
            {
                SegmentStart = textAt,
                SegmentLength = source.Segment.Length,
                Head = PathForest.Head(source.Segment, 0, source.Segment.Length),
                FirstChild = firstChild[i],
                ChildCount = source.Children.Count,
                Lookup = -1,
                Prefix = source.PrefixSlash ?? source.PrefixNoSlash,
                Exact = source.Exact,
                ExactSlash = source.ExactSlash,
            };
            textAt += source.Segment.Length;

            if (source.Children.Count > PathForest.LinearChildLimit)
            {
                // Child ordinals, not node indexes, so the lookup stays valid when the forest is merged.
                var lookup = Enumerable.Range(0, source.Children.Count)
                    .ToFrozenDictionary(ordinal => order[firstChild[i] + ordinal].Segment, ordinal => ordinal, StringComparer.Ordinal);
                nodes[i].Lookup = lookups.Count;
                lookups.Add(lookup.GetAlternateLookup<ReadOnlySpan<char>>());
            }
        }

        return new PathTrie(new PathForest(nodes, text, [.. lookups]), 0);
    }

    private sealed class BuildNode(string segment)
    {
        public string Segment { get; } = segment;

        public Dictionary<string, BuildNode> Children { get; } = new(StringComparer.Ordinal);

        public Route? PrefixSlash;
        public Route? PrefixNoSlash;
        public Route? Exact;
        public Route? ExactSlash;
    }
}

/// <summary>What <see cref="PathTrieBuilder.Add"/> did with a route.</summary>
internal enum PathAddOutcome
{
    /// <summary>The route is in the trie.</summary>
    Added,

    /// <summary>An earlier route has the same path and kind; this one is not in the trie.</summary>
    Duplicate,

    /// <summary>The route is in the trie beside its Prefix twin (<c>/p</c> beside <c>/p/</c>).</summary>
    AddedBesideTwin,
}
