using System.Collections.Frozen;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IngressCore.Matching;

/// <summary>
/// The paths of one or more virtual hosts as tries over <c>/</c>-separated elements, flattened
/// into one node array (each node's children contiguous) and one text array holding every
/// element's characters. A match walks a trie once along the request path, comparing whole
/// elements in place (length first, then the characters, which sit side by side in the text
/// array rather than in one string object per node), and remembers the deepest Prefix route
/// passed; at the node where the request path ends, an Exact route of the same trailing-slash form
/// beats it. Deeper always wins, which is the spec's "longest path wins" with a trailing slash
/// ignored, because every element adds at least two characters.
/// </summary>
internal sealed class PathForest
{
    /// <summary>Above this many children a node looks its children up by hash instead of a scan.</summary>
    internal const int LinearChildLimit = 8;

    private readonly Node[] _nodes;
    private readonly char[] _text;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _lookups;

    internal PathForest(Node[] nodes, char[] text, FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] lookups)
    {
        Debug.Assert(nodes.Length > 0, "A root node always exists.");
        _nodes = nodes;
        _text = text;
        _lookups = lookups;
    }

    internal ReadOnlySpan<Node> Nodes => _nodes;

    /// <summary>The element of a node (empty for a root).</summary>
    internal ReadOnlySpan<char> Segment(in Node node) => _text.AsSpan(node.SegmentStart, node.SegmentLength);

    /// <summary>
    /// Copies the tries into one forest and points each at its copy. Node, text and lookup
    /// indexes are shifted by where each source forest lands; lookups hold child ordinals
    /// (relative to <see cref="Node.FirstChild"/>), so they are shared, not rebuilt.
    /// </summary>
    public static PathForest Merge(IReadOnlyList<PathTrie> tries)
    {
        if (tries.Count == 0)
        {
            return new PathForest([new Node { Lookup = -1 }], [], []);
        }

        var sources = tries.Select(t => t.Forest).Distinct().ToList();
        var nodes = new Node[sources.Sum(f => f._nodes.Length)];
        var text = new char[sources.Sum(f => f._text.Length)];
        var lookups = new FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[sources.Sum(f => f._lookups.Length)];
        var offsets = new Dictionary<PathForest, int>(sources.Count, ReferenceEqualityComparer.Instance);
        int nodeAt = 0, textAt = 0, lookupAt = 0;
        foreach (var source in sources)
        {
            offsets.Add(source, nodeAt);
            source._text.CopyTo(text, textAt);
            source._lookups.CopyTo(lookups, lookupAt);
            var nodeBase = nodeAt;
            foreach (var node in source._nodes)
            {
                nodes[nodeAt++] = node with
                {
                    SegmentStart = node.SegmentStart + textAt,
                    FirstChild = node.FirstChild + nodeBase,
                    Lookup = node.Lookup < 0 ? -1 : node.Lookup + lookupAt,
                };
            }

            textAt += source._text.Length;
            lookupAt += source._lookups.Length;
        }

        var merged = new PathForest(nodes, text, lookups);
        foreach (var trie in tries)
        {
            trie.MoveTo(merged, offsets[trie.Forest] + trie.Root);
        }

        return merged;
    }

    /// <summary>Finds the route for a normalised path (absolute, no query, no repeated slashes or dot segments).</summary>
    public Route? Match(int root, ReadOnlySpan<char> path)
    {
        var nodes = _nodes;
        ref readonly var node = ref nodes[root];
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

            var end = rest.IndexOf('/');
            var child = FindChild(in node, end < 0 ? rest : rest[..end]);
            if (child < 0)
            {
                return best;
            }

            node = ref nodes[child];
            position += 1 + node.SegmentLength;
            best = node.Prefix ?? best;
            if (position == path.Length)
            {
                return node.Exact ?? best;
            }
        }
    }

    /// <summary>
    /// <see cref="Match(int, ReadOnlySpan{char})"/> for a path <see cref="PathScan"/> found plain,
    /// given where its slashes are (bit i set when <c>path[i] == '/'</c>): the elements' ends come
    /// from the bit mask instead of a search per element.
    /// </summary>
    public Route? Match(int root, ReadOnlySpan<char> path, ulong slashes)
    {
        var nodes = _nodes;
        ref readonly var node = ref nodes[root];
        if (path.Length == 1)
        {
            return node.Exact ?? node.Prefix;
        }

        var best = node.Prefix;
        var start = 1;
        slashes &= slashes - 1; // the leading slash
        while (true)
        {
            if (start == path.Length)
            {
                // The path ends in a slash after the current element (the root was handled above).
                return node.ExactSlash ?? best;
            }

            var end = slashes == 0 ? path.Length : BitOperations.TrailingZeroCount(slashes);
            slashes &= slashes - 1;
            var child = node.Lookup >= 0
                ? FindInLookup(in node, path[start..end])
                : FindChild(in node, path, start, end);
            if (child < 0)
            {
                return best;
            }

            node = ref nodes[child];
            best = node.Prefix ?? best;
            if (end == path.Length)
            {
                return node.Exact ?? best;
            }

            start = end + 1;
        }
    }

    /// <summary>The child of <paramref name="node"/> whose element is <paramref name="element"/>; -1 when none.</summary>
    private int FindChild(ref readonly Node node, ReadOnlySpan<char> element)
    {
        if (node.Lookup >= 0)
        {
            return FindInLookup(in node, element);
        }

        var nodes = _nodes;
        var text = _text;
        var last = node.FirstChild + node.ChildCount;
        for (var i = node.FirstChild; i < last; i++)
        {
            ref readonly var child = ref nodes[i];
            if (child.SegmentLength == element.Length && element.SequenceEqual(text.AsSpan(child.SegmentStart, child.SegmentLength)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// <see cref="FindChild(ref readonly Node, ReadOnlySpan{char})"/> for the element
    /// <c>path[start..end]</c> of a plain path, among at most <see cref="LinearChildLimit"/>
    /// children. Which child matches differs from request to request, so a loop that stops at
    /// the match costs a mispredicted branch per level; this one visits every child and keeps the
    /// candidate without a branch (length and first four characters, the head read once from the
    /// path as one <see cref="ulong"/>), then checks the rest of a longer element once. Siblings
    /// sharing length and head (rare) fall back to the exact scan.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FindChild(ref readonly Node node, ReadOnlySpan<char> path, int start, int end)
    {
        var length = end - start;
        var head = Head(path, start, end);
        var nodes = _nodes;
        var candidate = -1;
        var last = node.FirstChild + node.ChildCount;
        for (var i = node.FirstChild; i < last; i++)
        {
            ref readonly var child = ref nodes[i];
            var same = (child.SegmentLength == length) & (child.Head == head);
            candidate = same ? i : candidate;
        }

        if (length <= 4 || candidate < 0)
        {
            return candidate;
        }

        return path[(start + 4)..end].SequenceEqual(_text.AsSpan(nodes[candidate].SegmentStart + 4, length - 4))
            ? candidate
            : FindChild(in node, path[start..end]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int FindInLookup(ref readonly Node node, ReadOnlySpan<char> element) =>
        _lookups[node.Lookup].TryGetValue(element, out var ordinal) ? node.FirstChild + ordinal : -1;

    /// <summary>
    /// The first four characters of <c>text[start..end]</c> (fewer when it is shorter, the rest
    /// zero) in one <see cref="ulong"/>, the first character in the low bits: one unaligned read
    /// of the element itself, or of the four characters that end it, shifted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Head(ReadOnlySpan<char> text, int start, int end)
    {
        var length = end - start;
        ref var first = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
        if (BitConverter.IsLittleEndian)
        {
            if (length >= 4)
            {
                return Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, start * sizeof(char)));
            }

            if (end >= 4)
            {
                return Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, (end - 4) * sizeof(char))) >> ((4 - length) * 16);
            }
        }

        ulong head = 0;
        for (var i = 0; i < Math.Min(length, 4); i++)
        {
            head |= (ulong)text[start + i] << (i * 16);
        }

        return head;
    }

    /// <summary>One trie node: an element and the winning routes that end at it.</summary>
    internal record struct Node
    {
        /// <summary>Where the element (no slashes; empty for a root) starts in the text array.</summary>
        public int SegmentStart;

        /// <summary>The element's length.</summary>
        public int SegmentLength;

        /// <summary>The element's first four characters, as <see cref="Head"/> reads them.</summary>
        public ulong Head;

        /// <summary>The index of the first child in the node array.</summary>
        public int FirstChild;

        /// <summary>How many children follow <see cref="FirstChild"/>.</summary>
        public int ChildCount;

        /// <summary>For nodes with many children: the index of their element-to-ordinal lookup; otherwise -1.</summary>
        public int Lookup;

        /// <summary>The Prefix route for this element path (the one written with a trailing slash when both exist).</summary>
        public Route? Prefix;

        /// <summary>The Exact route for this element path without a trailing slash (at the root: <c>/</c>).</summary>
        public Route? Exact;

        /// <summary>The Exact route for this element path with a trailing slash.</summary>
        public Route? ExactSlash;
    }
}
