using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace IngressCore.Matching;

/// <summary>
/// An immutable open-addressing table from lower-case ASCII host names to an integer, looked up
/// with a request host in any case. Built once per route table; a lookup hashes the host with an
/// ASCII case fold four characters at a time, probes linearly and verifies with an ASCII
/// case-insensitive compare, so it allocates nothing and does not depend on culture or on
/// Unicode case mapping (a dotless i never equals an i here, unlike OrdinalIgnoreCase).
/// </summary>
internal sealed class HostIndex
{
    private const ulong FoldMask = 0x0020_0020_0020_0020UL;
    private const ulong Multiplier = 0x9E37_79B9_7F4A_7C15UL;
    private const ulong Multiplier2 = 0xC2B2_AE3D_27D4_EB4FUL;

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
            var hash = Hash(key);
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

        var hash = Hash(host);
        var slot = (int)hash & _mask;
        var slots = _slots;
        while (true)
        {
            ref readonly var entry = ref slots[slot];
            if (entry.Key is null)
            {
                return -1;
            }

            if (entry.Hash == hash && (host.SequenceEqual(entry.Key) || Ascii.EqualsIgnoreCase(host, entry.Key)))
            {
                return entry.Value;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>
    /// Hashes ASCII-case-insensitively: OR-ing 0x20 into every character maps A-Z onto a-z and
    /// leaves the characters of a valid host name (a-z, 0-9, '-', '.') unchanged. Other characters
    /// may collide; the verify step tells them apart. Eight characters a step go into two
    /// independent multiply chains (so the CPU overlaps them), and the last four characters are
    /// read once more, overlapping, instead of a scalar tail loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Hash(ReadOnlySpan<char> text)
    {
        var length = text.Length;
        var h1 = (ulong)length * Multiplier;
        var h2 = h1 ^ Multiplier2;
        if (length < 4)
        {
            foreach (var c in text)
            {
                h1 = (h1 ^ (uint)(c | 0x20)) * Multiplier;
            }
        }
        else
        {
            ref var start = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
            var i = 0;
            for (; i + 8 <= length; i += 8)
            {
                h1 = BitOperations.RotateLeft((h1 ^ (Read(ref start, i) | FoldMask)) * Multiplier, 31);
                h2 = BitOperations.RotateLeft((h2 ^ (Read(ref start, i + 4) | FoldMask)) * Multiplier2, 29);
            }

            if (i + 4 <= length)
            {
                h1 = BitOperations.RotateLeft((h1 ^ (Read(ref start, i) | FoldMask)) * Multiplier, 31);
                i += 4;
            }

            if (i < length)
            {
                h2 = BitOperations.RotateLeft((h2 ^ (Read(ref start, length - 4) | FoldMask)) * Multiplier2, 29);
            }
        }

        var h = (h1 ^ BitOperations.RotateLeft(h2, 17)) * Multiplier;
        return (uint)(h ^ (h >> 32));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Read(ref byte start, int charIndex) =>
        Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, charIndex * sizeof(char)));

    private readonly record struct Entry(uint Hash, string? Key, int Value);
}
