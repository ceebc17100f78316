using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IngressCore.Matching;

/// <summary>
/// The matcher's fast check of a request path: in one vector pass, whether the path is already in
/// the form routes match on, and where its slashes are. A plain path is what
/// <see cref="RequestPath.Prepare"/> would pass through untouched and
/// <see cref="RequestPath.Normalize"/> would not change: absolute, no query or fragment, no
/// escape, no control character, no empty element (<c>//</c>) and no element that starts with a
/// dot (a superset of the <c>.</c> and <c>..</c> segments, which keeps the check to one mask
/// operation; such paths take the exact, slower way). Anything else, and any path longer than
/// <see cref="MaxLength"/>, is left to <see cref="RequestPath"/>, so the outcome never differs.
/// </summary>
internal static class PathScan
{
    /// <summary>The longest path scanned here: one bit of a <see cref="ulong"/> per character.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="path"/> is plain; if so, bit i of <paramref name="slashes"/> is set when <c>path[i] == '/'</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryScan(ReadOnlySpan<char> path, out ulong slashes)
    {
        var length = path.Length;
        slashes = 0;
        if ((uint)(length - 1) >= MaxLength)
        {
            return false;
        }

        // Sixteen characters become sixteen bytes (above 0xFF saturated to 0xFF, which is none of
        // the characters looked for), so one byte compare and one move-mask cover sixteen
        // characters. Short paths load their first and last characters as two halves, which may
        // overlap: a character's bit set twice is the same bit.
        ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(path));
        ulong dots;
        ulong bad;
        if (length >= 16)
        {
            dots = 0;
            bad = 0;
            var i = 0;
            for (; i + 16 < length; i += 16)
            {
                Classify(Bytes(Load8(ref start, i), Load8(ref start, i + 8)), i, ref slashes, ref dots, ref bad);
            }

            Classify(Bytes(Load8(ref start, length - 16), Load8(ref start, length - 8)), length - 16, ref slashes, ref dots, ref bad);
        }
        else if (length >= 8)
        {
            var (s, d, b) = Masks(Bytes(Load8(ref start, 0), Load8(ref start, length - 8)));
            slashes = (s & 0xFF) | ((ulong)(s >> 8) << (length - 8));
            dots = (d & 0xFF) | ((ulong)(d >> 8) << (length - 8));
            bad = b;
        }
        else if (length >= 4)
        {
            var halves = Vector128.Create(Load4(ref start, 0), Load4(ref start, length - 4)).AsUInt16();
            var (s, d, b) = Masks(Bytes(halves, Vector128<ushort>.Zero));
            slashes = (s & 0xF) | ((ulong)((s >> 4) & 0xF) << (length - 4));
            dots = (d & 0xF) | ((ulong)((d >> 4) & 0xF) << (length - 4));
            bad = b & 0xFF; // the upper eight bytes are the zero padding
        }
        else
        {
            dots = 0;
            bad = 0;
            for (var i = 0; i < length; i++)
            {
                var c = path[i];
                slashes |= (c == '/' ? 1UL : 0) << i;
                dots |= (c == '.' ? 1UL : 0) << i;
                bad |= c < ' ' || c is '%' or '?' or '#' or '\u007f' ? 1UL : 0;
            }
        }

        // Absolute; nothing to decode or cut; no slash or dot right after a slash.
        return (slashes & 1) != 0 && bad == 0 && ((slashes | dots) & (slashes << 1)) == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Classify(Vector128<byte> bytes, int at, ref ulong slashes, ref ulong dots, ref ulong bad)
    {
        var (s, d, b) = Masks(bytes);
        slashes |= (ulong)s << at;
        dots |= (ulong)d << at;
        bad |= b;
    }

    /// <summary>Bit masks of the slashes, the dots and the characters only <see cref="RequestPath"/> handles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (uint Slashes, uint Dots, uint Bad) Masks(Vector128<byte> bytes)
    {
        var special = Vector128.LessThan(bytes, Vector128.Create((byte)' '))
            | Vector128.Equals(bytes, Vector128.Create((byte)'%'))
            | Vector128.Equals(bytes, Vector128.Create((byte)'?'))
            | Vector128.Equals(bytes, Vector128.Create((byte)'#'))
            | Vector128.Equals(bytes, Vector128.Create((byte)0x7f));
        return (
            Vector128.Equals(bytes, Vector128.Create((byte)'/')).ExtractMostSignificantBits(),
            Vector128.Equals(bytes, Vector128.Create((byte)'.')).ExtractMostSignificantBits(),
            special.ExtractMostSignificantBits());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Bytes(Vector128<ushort> low, Vector128<ushort> high) =>
        Vector128.Narrow(Vector128.Min(low, Vector128.Create((ushort)0xFF)), Vector128.Min(high, Vector128.Create((ushort)0xFF)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Load8(ref ushort start, int index) => Vector128.LoadUnsafe(ref start, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load4(ref ushort start, int index) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref start, index)));
}
