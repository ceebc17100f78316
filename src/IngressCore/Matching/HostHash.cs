using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace IngressCore.Matching;

/// <summary>
/// Hashing and comparing host names with ASCII letter case folded (A-Z to a-z, nothing else:
/// no culture, no Unicode mapping, so a Kelvin sign or a dotless i never equals a k or an i),
/// sixteen characters a step with vector instructions. A step folds two 8-character vectors,
/// narrows them to 16 bytes and mixes those into the hash with one 64x64→128-bit multiply, so
/// a typical 20-30 character host costs two multiplies; the last step reads the last sixteen
/// characters again (overlapping) instead of a scalar tail. Characters above 0xFF lose their
/// high byte in the hash only; the compare sees them whole.
/// </summary>
internal static class HostHash
{
    private const int Step = 8;
    private const ulong Seed = 0x9E37_79B9_7F4A_7C15UL;
    private const ulong Key1 = 0xA076_1D64_78BD_642FUL;
    private const ulong Key2 = 0xE703_7ED1_A0B4_28DBUL;

    /// <summary>The hash of <paramref name="host"/> with A-Z folded to a-z.</summary>
    public static uint Compute(ReadOnlySpan<char> host) => Compute(host, out _);

    /// <summary>
    /// The hash of <paramref name="host"/> with A-Z folded to a-z, and whether it holds a colon
    /// (a port to cut), found in the same pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Compute(ReadOnlySpan<char> host, out bool colon)
    {
        var length = host.Length;
        var hash = (ulong)length * Seed;
        ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(host));
        var colons = Vector128<ushort>.Zero;
        if (length >= 2 * Step)
        {
            var i = 0;
            for (; i + (2 * Step) < length; i += 2 * Step)
            {
                hash = Mix(hash, Load(ref start, i), Load(ref start, i + Step), ref colons);
            }

            hash = Mix(hash, Load(ref start, length - (2 * Step)), Load(ref start, length - Step), ref colons);
        }
        else if (length >= Step)
        {
            hash = Mix(hash, Load(ref start, 0), Load(ref start, length - Step), ref colons);
        }
        else if (length >= 4)
        {
            // Four to seven characters: the first four and the last four, as two halves of one vector.
            var halves = Vector128.Create(Load4(ref start, 0), Load4(ref start, length - 4)).AsUInt16();
            hash = Mix(hash, halves, Vector128<ushort>.Zero, ref colons);
        }
        else
        {
            ulong word = 0;
            for (var i = 0; i < length; i++)
            {
                var c = host[i];
                colons |= Vector128.Create((ushort)(c == ':' ? 0xFFFF : 0));
                word |= (ulong)(char.IsAsciiLetterUpper(c) ? c | 0x20 : c) << (i * 16);
            }

            hash = Mix(hash, word, 0);
        }

        colon = colons != Vector128<ushort>.Zero;
        return (uint)(hash ^ (hash >> 32));
    }

    /// <summary>
    /// Whether <paramref name="host"/> equals <paramref name="lowerKey"/> (a key with no A-Z, of
    /// the same length) once its A-Z are folded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool EqualsFolded(ReadOnlySpan<char> host, ReadOnlySpan<char> lowerKey)
    {
        var length = host.Length;
        if (length < Step || lowerKey.Length != length)
        {
            return lowerKey.Length == length && Ascii.EqualsIgnoreCase(host, lowerKey);
        }

        ref var h = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(host));
        ref var k = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(lowerKey));
        for (var i = 0; i + Step < length; i += Step)
        {
            if (Fold(Vector128.LoadUnsafe(ref h, (nuint)i)) != Vector128.LoadUnsafe(ref k, (nuint)i))
            {
                return false;
            }
        }

        return Fold(Vector128.LoadUnsafe(ref h, (nuint)(length - Step))) == Vector128.LoadUnsafe(ref k, (nuint)(length - Step));
    }

    /// <summary>Adds 0x20 to the characters A-Z (an unsigned compare: below 'A' wraps around).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Fold(Vector128<ushort> chars) =>
        chars | (Vector128.LessThan(chars - Vector128.Create((ushort)'A'), Vector128.Create((ushort)26)) & Vector128.Create((ushort)0x20));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Load(ref ushort start, int index) => Vector128.LoadUnsafe(ref start, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load4(ref ushort start, int index) =>
        Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref start, index)));

    /// <summary>Folds sixteen characters, notes colons, narrows them to sixteen bytes and mixes those in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong hash, Vector128<ushort> low, Vector128<ushort> high, ref Vector128<ushort> colons)
    {
        colons |= Vector128.Equals(low, Vector128.Create((ushort)':')) | Vector128.Equals(high, Vector128.Create((ushort)':'));
        var words = Vector128.Narrow(Fold(low), Fold(high)).AsUInt64();
        return Mix(hash, words.GetElement(0), words.GetElement(1));
    }

    /// <summary>The high and low halves of a 128-bit product, XOR-ed: every input bit reaches most output bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong hash, ulong first, ulong second)
    {
        var high = Math.BigMul(hash ^ first ^ Key1, second ^ Key2, out var low);
        return high ^ low;
    }
}
