using System.Numerics;

namespace IngressCore.Matching;

/// <summary>
/// An immutable open-addressing table from lower-case ASCII host names to an integer, looked up
/// with a server name in any case (the SNI certificate store's exact names and wildcard parents).
/// A lookup hashes and compares with <see cref="HostHash"/>, the route table's ASCII case fold,
/// probes linearly, allocates nothing and does not depend on culture or on Unicode case mapping
/// (a dotless i never equals an i here, unlike OrdinalIgnoreCase).
/// </summary>
internal sealed class HostIndex
{
    public static readonly HostIndex Empty = new([]);

    private readonly Entry[] _slots;
    private readonly int _mask;

    private HostIndex(IReadOnlyCollection<KeyValuePair<string, int>> items)
    {
        // At most half full, so probe runs stay short; at least one empty slot always ends a probe.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, items.Count * 2));
        _slots = new Entry[size];
        _mask = size - 1;
        foreach (var (key, value) in items)
        {
            var hash = HostHash.Compute(key);
            var slot = (int)hash & _mask;
            while (_slots[slot].Key is not null)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = new Entry(hash, key, value);
        }
    }

    public int Count { get; private init; }

    /// <summary>Builds the index. Keys must be distinct lower-case ASCII names.</summary>
    public static HostIndex Create(IReadOnlyCollection<KeyValuePair<string, int>> items) =>
        items.Count == 0 ? Empty : new HostIndex(items) { Count = items.Count };

    /// <summary>Finds the value of <paramref name="host"/>, compared ASCII case-insensitively; -1 when absent.</summary>
    public int Find(ReadOnlySpan<char> host)
    {
        if (Count == 0)
        {
            return -1;
        }

        var hash = HostHash.Compute(host);
        var slot = (int)hash & _mask;
        var slots = _slots;
        while (true)
        {
            ref readonly var entry = ref slots[slot];
            if (entry.Key is null)
            {
                return -1;
            }

            if (entry.Hash == hash && HostHash.EqualsFolded(host, entry.Key))
            {
                return entry.Value;
            }

            slot = (slot + 1) & _mask;
        }
    }

    private readonly record struct Entry(uint Hash, string? Key, int Value);
}
