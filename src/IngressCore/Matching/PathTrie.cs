using System.Collections.Frozen;
using System.Diagnostics;

namespace IngressCore.Matching;

/// <summary>
/// The compiled paths of one virtual host: a trie over <c>/</c>-separated elements, flattened
/// into one array with each node's children contiguous. A match walks it once along the request
/// path, comparing whole elements in place (no substrings, no tokenizer buffer), and remembers the
/// deepest Prefix route passed; at the node where the request path ends, an Exact route of the
/// same trailing-slash form beats it. Deeper always wins, which is the spec's "longest path wins"
/// with a trailing slash ignored, because every element adds at least two characters.
/// </summary>
internal sealed class PathTrie
{
    /// <summary>Above this many children a node looks its children up by hash instead of a scan.</summary>
    internal const int LinearChildLimit = 8;

    private readonly Node[] _nodes;

    internal PathTrie(Node[] nodes)
    {
        Debug.Assert(nodes.Length > 0, "The root node always exists.");
        _nodes = nodes;
    }

    internal ReadOnlySpan<Node> Nodes => _nodes;

    /// <summary>Finds the route for a normalised path (absolute, no query, no repeated slashes or dot segments).</summary>
    public Route? Match(ReadOnlySpan<char> path)
    {
        var nodes = _nodes;
        ref readonly var node = ref nodes[0];
        if (path.Length == 1)
        {
            return node.Exact ?? node.Prefix;
        }

        var best = node.Prefix;
        var position = 0; // path[position] == '/'
        while (true)
        {
            var rest = path[(position + 1)..];
            if (rest.IsEmpty)
            {
                // The path ends in a slash after the current element (the root was handled above).
                return node.ExactSlash ?? best;
            }

            var child = FindChild(in node, rest, nodes);
            if (child < 0)
            {
                return best;
            }

            node = ref nodes[child];
            position += 1 + node.Segment.Length;
            best = node.Prefix ?? best;
            if (position == path.Length)
            {
                return node.Exact ?? best;
            }
        }
    }

    private static int FindChild(ref readonly Node node, ReadOnlySpan<char> rest, Node[] nodes)
    {
        if (node.ChildCount == 0)
        {
            return -1;
        }

        // Find the element once; most children then fail on the length compare alone.
        var end = rest.IndexOf('/');
        var element = end < 0 ? rest : rest[..end];
        if (node.Children is { } children)
        {
            return children.TryGetValue(element, out var index) ? index : -1;
        }

        var last = node.FirstChild + node.ChildCount;
        for (var i = node.FirstChild; i < last; i++)
        {
            var segment = nodes[i].Segment;
            if (segment.Length == element.Length && element.SequenceEqual(segment))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>One trie node: an element and the winning routes that end at it.</summary>
    internal struct Node
    {
        /// <summary>The element (no slashes); empty for the root.</summary>
        public string Segment;

        /// <summary>The index of the first child in the node array.</summary>
        public int FirstChild;

        /// <summary>How many children follow <see cref="FirstChild"/>.</summary>
        public int ChildCount;

        /// <summary>For nodes with many children: element to child index.</summary>
        public FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? Children;

        /// <summary>The Prefix route for this element path (the one written with a trailing slash when both exist).</summary>
        public Route? Prefix;

        /// <summary>The Exact route for this element path without a trailing slash (at the root: <c>/</c>).</summary>
        public Route? Exact;

        /// <summary>The Exact route for this element path with a trailing slash.</summary>
        public Route? ExactSlash;
    }
}
