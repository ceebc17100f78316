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
    /// <returns>The route that this one displaced or that displaced it, if any (for diagnostics).</returns>
    public Route? Add(string path, bool exact, Route route)
    {
        var node = _root;
        var trailingSlash = path.Length > 1 && path[^1] == '/';
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!node.Children.TryGetValue(segment, out var child))
            {
                child = new BuildNode(segment);
                node.Children.Add(segment, child);
            }

            node = child;
        }

        if (exact)
        {
            return trailingSlash ? Set(ref node.ExactSlash, route) : Set(ref node.Exact, route);
        }

        // Prefix "/p/" and "/p" match the same requests; the spec prefers the longer string.
        if (trailingSlash)
        {
            var previous = node.PrefixNoSlash;
            node.PrefixSlash ??= route;
            return previous;
        }

        node.PrefixNoSlash ??= route;
        return node.PrefixSlash;
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

    private static Route? Set(ref Route? slot, Route route)
    {
        var previous = slot;
        slot ??= route;
        return previous;
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
