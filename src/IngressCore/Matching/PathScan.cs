using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IngressCore.Matching;

/// <summary>
/// The matcher's fast check of a request path: in one vector pass (eight characters a step),
/// whether the path is already in the form routes match on, and where its slashes are. A plain
/// path is what <see cref="RequestPath.Prepare"/> would pass through untouched and
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

    private const int Step = 8;

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

        ulong dots = 0;
        ulong bad = 0;
        if (length >= Step)
        {
            // Whole steps, then the last eight characters once more (overlapping): OR-ing a
            // character's bits in twice changes nothing, and no scalar tail is needed.
            ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(path));
            var i = 0;
            for (; i + Step < length; i += Step)
            {
                Classify(Vector128.LoadUnsafe(ref start, (nuint)i), i, ref slashes, ref dots, ref bad);
            }

            Classify(Vector128.LoadUnsafe(ref start, (nuint)(length - Step)), length - Step, ref slashes, ref dots, ref bad);
        }
        else
        {
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
    private static void Classify(Vector128<ushort> chars, int at, ref ulong slashes, ref ulong dots, ref ulong bad)
    {
        slashes |= (ulong)Vector128.Equals(chars, Vector128.Create((ushort)'/')).ExtractMostSignificantBits() << at;
        dots |= (ulong)Vector128.Equals(chars, Vector128.Create((ushort)'.')).ExtractMostSignificantBits() << at;
        var special = Vector128.LessThan(chars, Vector128.Create((ushort)' '))
            | Vector128.Equals(chars, Vector128.Create((ushort)'%'))
            | Vector128.Equals(chars, Vector128.Create((ushort)'?'))
            | Vector128.Equals(chars, Vector128.Create((ushort)'#'))
            | Vector128.Equals(chars, Vector128.Create((ushort)0x7f));
        bad |= special.ExtractMostSignificantBits();
    }
}
