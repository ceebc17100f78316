using System.Buffers;

namespace IngressCore.Matching;

/// <summary>
/// Brings a request-target's path into the form routes are matched on, as nginx does before it
/// selects a location: the query and fragment dropped, percent-escapes decoded, repeated slashes
/// merged, <c>.</c> and <c>..</c> segments resolved. Matching the raw form instead would let
/// <c>/a/%2e%2e/admin</c> or <c>//admin</c> slip past a path-scoped policy.
/// </summary>
internal static class RequestPath
{
    /// <summary>Characters <see cref="Prepare"/> stops at: the query and fragment, escapes, dots and control characters.</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "?#.%\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f");

    /// <summary>The outcome of <see cref="Normalize"/>.</summary>
    public enum Result
    {
        /// <summary>The input was already normal; use it as it is.</summary>
        Unchanged,

        /// <summary>The normal form was written to the buffer.</summary>
        Rewritten,

        /// <summary>The path escapes the root, is not absolute, or decodes to a control character or a bad escape.</summary>
        Invalid,
    }

    /// <summary>
    /// Cuts the query string and fragment off <paramref name="target"/> (an empty path becomes
    /// <c>/</c>) and tells whether the path needs <see cref="Normalize"/>. One vectorised scan
    /// finds every character that matters (<c>? # % .</c> and controls) and one more finds
    /// <c>//</c>, so a plain path like <c>/api/v1/users/42</c> costs two scans and nothing else.
    /// </summary>
    /// <returns><see langword="true"/> when the path has escapes, control characters, empty or dot segments, or is not absolute.</returns>
    public static bool Prepare(ref ReadOnlySpan<char> target)
    {
        var needsNormalization = target.IsEmpty ? false : target[0] != '/';
        var at = target.IndexOfAny(Special);
        while (at >= 0)
        {
            var c = target[at];
            if (c is '?' or '#')
            {
                target = target[..at];
                break;
            }

            if (c != '.' || IsDotSegment(target, at))
            {
                needsNormalization = true;
            }

            var next = target[(at + 1)..].IndexOfAny(Special);
            at = next < 0 ? -1 : at + 1 + next;
        }

        if (target.IsEmpty)
        {
            target = "/";
            return false;
        }

        return needsNormalization || target.IndexOf("//") >= 0;
    }

    /// <summary>Whether the '.' at <paramref name="at"/> starts a <c>.</c> or <c>..</c> segment.</summary>
    private static bool IsDotSegment(ReadOnlySpan<char> path, int at)
    {
        if (at == 0 || path[at - 1] != '/')
        {
            return false;
        }

        var end = at + 1;
        if (end < path.Length && path[end] == '.')
        {
            end++;
        }

        return end == path.Length || path[end] is '/' or '?' or '#';
    }

    /// <summary>
    /// Writes the normal form of <paramref name="path"/> to <paramref name="buffer"/> (which must
    /// be at least as long as the path) and returns its length through <paramref name="length"/>.
    /// </summary>
    public static Result Normalize(ReadOnlySpan<char> path, Span<char> buffer, out int length)
    {
        length = 0;
        if (path.IsEmpty || path[0] != '/')
        {
            return Result.Invalid;
        }

        // Pass 1: percent-decode. Decoded bytes stand for themselves as chars; route paths are
        // ASCII, so a decoded non-ASCII byte never equals a route character.
        var decoded = 0;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '%')
            {
                if (i + 2 >= path.Length || !TryHex(path[i + 1], out var hi) || !TryHex(path[i + 2], out var lo))
                {
                    return Result.Invalid;
                }

                c = (char)((hi << 4) | lo);
                i += 2;
            }

            // C0 controls and DEL only: a decoded byte of 0x80-0x9F is part of a UTF-8 sequence.
            if (c < ' ' || c == '\u007f')
            {
                return Result.Invalid;
            }

            buffer[decoded++] = c;
        }

        // Pass 2, in place (the write position never passes the read position): merge slashes and
        // resolve dot segments.
        var written = 0;
        var read = 0;
        var endsWithSlash = false;
        while (read < decoded)
        {
            while (read < decoded && buffer[read] == '/')
            {
                read++;
            }

            if (read == decoded)
            {
                endsWithSlash = true;
                break;
            }

            var start = read;
            while (read < decoded && buffer[read] != '/')
            {
                read++;
            }

            var segment = buffer[start..read];
            if (segment is ".")
            {
                endsWithSlash = true;
                continue;
            }

            if (segment is "..")
            {
                if (written == 0)
                {
                    return Result.Invalid;
                }

                written = buffer[..written].LastIndexOf('/');
                endsWithSlash = true;
                continue;
            }

            endsWithSlash = false;
            buffer[written++] = '/';
            segment.CopyTo(buffer[written..]);
            written += segment.Length;
        }

        if (written == 0 || endsWithSlash)
        {
            buffer[written++] = '/';
        }

        length = written;
        return Result.Rewritten;
    }

    /// <summary>Rents a buffer for <see cref="Normalize"/> when the stack one is too small.</summary>
    public static char[] Rent(int length) => ArrayPool<char>.Shared.Rent(length);

    /// <summary>Returns a buffer from <see cref="Rent"/>.</summary>
    public static void Return(char[] buffer) => ArrayPool<char>.Shared.Return(buffer);

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
