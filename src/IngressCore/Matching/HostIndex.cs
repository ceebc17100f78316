using System.Numerics;
using System.Runtime.CompilerServices;

namespace IngressCore.Matching;

/// <summary>
/// An immutable open-addressing table from host names to values, probed with a name in any case:
/// the route table's exact hosts and wildcard parents, and the SNI certificate store's. It hashes
/// and compares with <see cref="HostHash"/> (ASCII letter case folded, nothing else: no culture,
/// no Unicode mapping, so a dotless i never equals an i here, unlike OrdinalIgnoreCase) and
/// allocates nothing. A slot holds what a lookup needs (the hash, the key's length and place in
/// one shared character array, the value), so a hit reads the slot and the key's characters and
/// no other object.
/// </summary>
/// <typeparam name="TValue">What a name maps to.</typeparam>
internal sealed class HostIndex<TValue>
{
    public static readonly HostIndex<TValue> Empty = new([]);

    private readonly Slot[] _slots;
    private readonly char[] _keys;
    private readonly int _mask;

    /// <summary>Builds the index. Keys must be distinct, non-empty names; A-Z in them are folded.</summary>
    public HostIndex(IReadOnlyCollection<(string Key, TValue Value)> items)
    {
        // At most a quarter full: a probe for a name that is not a key (every wildcard and unknown
        // host) runs to an empty slot, about 1.4 slots here against 2.5 at half full, and each
        // extra slot is a branch the CPU cannot predict. At least one empty slot always ends a probe.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, items.Count * 4));
        _slots = new Slot[size];
        _mask = size - 1;
        _keys = new char[items.Sum(i => i.Key.Length)];
        Count = items.Count;
        var keyAt = 0;
        foreach (var (key, value) in items)
        {
            ArgumentException.ThrowIfNullOrEmpty(key, nameof(items)); // a length of 0 marks an empty slot
            var folded = _keys.AsSpan(keyAt, key.Length);
            for (var i = 0; i < key.Length; i++)
            {
                folded[i] = char.IsAsciiLetterUpper(key[i]) ? (char)(key[i] | 0x20) : key[i];
            }

            var hash = HostHash.Compute(folded);
            var slot = (int)hash & _mask;
            while (_slots[slot].Length != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = new Slot(hash, key.Length, keyAt, value);
            keyAt += key.Length;
        }
    }

    public int Count { get; }

    /// <summary>The slot of <paramref name="host"/> (ASCII case-insensitive) for <see cref="ValueAt"/>; -1 when absent.</summary>
    public int Find(ReadOnlySpan<char> host) => Find(host, HostHash.Compute(host));

    /// <summary>The slot of <paramref name="host"/>, whose <see cref="HostHash"/> is <paramref name="hash"/>; -1 when absent.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Find(ReadOnlySpan<char> host, uint hash)
    {
        if (Count == 0)
        {
            return -1;
        }

        var slots = _slots;
        for (var slot = (int)hash & _mask; slots[slot].Length != 0; slot = (slot + 1) & _mask)
        {
            ref readonly var entry = ref slots[slot];
            if (entry.Hash == hash && entry.Length == host.Length && HostHash.EqualsFolded(host, _keys.AsSpan(entry.KeyStart, entry.Length)))
            {
                return slot;
            }
        }

        return -1;
    }

    /// <summary>The value in a slot <see cref="Find(ReadOnlySpan{char})"/> returned.</summary>
    public ref readonly TValue ValueAt(int slot) => ref _slots[slot].Value;

    /// <summary>One slot; empty when <see cref="Length"/> is 0.</summary>
    private readonly struct Slot(uint hash, int length, int keyStart, TValue value)
    {
        public readonly uint Hash = hash;
        public readonly int Length = length;
        public readonly int KeyStart = keyStart;
        public readonly TValue Value = value;
    }
}
