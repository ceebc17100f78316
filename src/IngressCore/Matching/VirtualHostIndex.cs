using System.Numerics;
using System.Runtime.CompilerServices;

namespace IngressCore.Matching;

/// <summary>
/// The route table's host lookup: an immutable open-addressing table from lower-case host names
/// to their virtual hosts, probed with a request host in any case (<see cref="HostHash"/>). A
/// slot holds what a match needs next (the hash, the key's length and place in one shared
/// character array, the virtual host's trie root), so a hit costs the slot, the key's characters
/// and then the trie: no key string, <see cref="VirtualHost"/> or <see cref="PathTrie"/> object
/// is read on the way. The virtual host itself stays reachable from the slot for what hangs off it.
/// </summary>
internal sealed class VirtualHostIndex
{
    public static readonly VirtualHostIndex Empty = new([]);

    private readonly Slot[] _slots;
    private readonly char[] _keys;
    private readonly int _mask;

    /// <summary>Builds the index. Keys must be distinct names; A-Z in them are folded.</summary>
    public VirtualHostIndex(IReadOnlyCollection<(string Key, VirtualHost Host)> items)
    {
        // At most a quarter full: a probe for a host that is not a key (every wildcard and unknown
        // host) runs to an empty slot, about 1.4 slots here against 2.5 at half full, and each
        // extra slot is a branch the CPU cannot predict. At least one empty slot always ends a probe.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, items.Count * 4));
        _slots = new Slot[size];
        _mask = size - 1;
        _keys = new char[items.Sum(i => i.Key.Length)];
        Count = items.Count;
        var keyAt = 0;
        foreach (var (key, host) in items)
        {
            var folded = _keys.AsSpan(keyAt, key.Length);
            for (var i = 0; i < key.Length; i++)
            {
                folded[i] = char.IsAsciiLetterUpper(key[i]) ? (char)(key[i] | 0x20) : key[i];
            }

            var hash = HostHash.Compute(folded);
            var slot = (int)hash & _mask;
            while (_slots[slot].Host is not null)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = new Slot(hash, key.Length, keyAt, host.Paths.Root, host);
            keyAt += key.Length;
        }
    }

    public int Count { get; }

    /// <summary>Finds the virtual host of <paramref name="host"/> (ASCII case-insensitive) and its trie root; null when absent.</summary>
    public VirtualHost? Find(ReadOnlySpan<char> host, out int root) => Find(host, HostHash.Compute(host), out root);

    /// <summary>Finds the virtual host of <paramref name="host"/>, whose <see cref="HostHash"/> is <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public VirtualHost? Find(ReadOnlySpan<char> host, uint hash, out int root)
    {
        root = 0;
        if (Count == 0)
        {
            return null;
        }

        var slots = _slots;
        var slot = (int)hash & _mask;
        while (true)
        {
            ref readonly var entry = ref slots[slot];
            if (entry.Host is null)
            {
                return null;
            }

            if (entry.Hash == hash && entry.Length == host.Length && HostHash.EqualsFolded(host, _keys.AsSpan(entry.KeyStart, entry.Length)))
            {
                root = entry.Root;
                return entry.Host;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>One slot; empty when <see cref="Host"/> is null.</summary>
    private readonly record struct Slot(uint Hash, int Length, int KeyStart, int Root, VirtualHost? Host);
}
