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

    /// <summary>Flattens the tree breadth-first so that every node's children are contiguous.</summary>
    public PathTrie Build()
    {
        var order = new List<BuildNode> { _root };
        var firstChild = new List<int>();
        for (var i = 0; i < order.Count; i++)
        {
            firstChild.Add(order.Count);
            order.AddRange(order[i].Children.Values.OrderBy(n => n.Segment, StringComparer.Ordinal));
        }

        var nodes = new PathTrie.Node[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var source = order[i];
            nodes[i] = new PathTrie.Node
            {
                Segment = source.Segment,
                FirstChild = firstChild[i],
                ChildCount = source.Children.Count,
                Prefix = source.PrefixSlash ?? source.PrefixNoSlash,
                Exact = source.Exact,
                ExactSlash = source.ExactSlash,
            };

            if (source.Children.Count > PathTrie.LinearChildLimit)
            {
                var lookup = Enumerable.Range(firstChild[i], source.Children.Count)
                    .ToFrozenDictionary(index => order[index].Segment, index => index, StringComparer.Ordinal);
                nodes[i].Children = lookup.GetAlternateLookup<ReadOnlySpan<char>>();
            }
        }

        return new PathTrie(nodes);
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
