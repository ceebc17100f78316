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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Compute(ReadOnlySpan<char> host)
    {
        var length = host.Length;
        var hash = (ulong)length * Seed;
        ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(host));
        if (length >= 2 * Step)
        {
            var i = 0;
            for (; i + (2 * Step) < length; i += 2 * Step)
            {
                hash = Mix(hash, Narrow(ref start, i, i + Step));
            }

            hash = Mix(hash, Narrow(ref start, length - (2 * Step), length - Step));
        }
        else if (length >= Step)
        {
            hash = Mix(hash, Narrow(ref start, 0, length - Step));
        }
        else
        {
            // Short names (rare): padded with zeros into one vector.
            var padded = Vector128<ushort>.Zero;
            host.CopyTo(MemoryMarshal.Cast<Vector128<ushort>, char>(new Span<Vector128<ushort>>(ref padded)));
            hash = Mix(hash, Vector128.Narrow(Fold(padded), Vector128<ushort>.Zero));
        }

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
    private static Vector128<byte> Narrow(ref ushort start, int first, int second) =>
        Vector128.Narrow(
            Fold(Vector128.LoadUnsafe(ref start, (nuint)first)),
            Fold(Vector128.LoadUnsafe(ref start, (nuint)second)));

    /// <summary>The high and low halves of a 128-bit product, XOR-ed: every input bit reaches most output bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong hash, Vector128<byte> bytes)
    {
        var words = bytes.AsUInt64();
        var high = Math.BigMul(hash ^ words.GetElement(0) ^ Key1, words.GetElement(1) ^ Key2, out var low);
        return high ^ low;
    }
}
