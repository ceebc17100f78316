using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using IngressCore.Annotations;
using IngressCore.Matching;

namespace IngressCore.Decisions;

/// <summary>
/// Applies <c>rewrite-target</c> as nginx's <c>rewrite "(?i)path" target break;</c> does
/// (docs/annotations.md): the path regex runs unanchored on the normalised path, the
/// whole URI is replaced by the target with <c>$1</c>–<c>$9</c> filled in, and the original query
/// string is appended. A target without captures is its literal text: nothing is matched and,
/// without a query string, nothing is allocated.
/// </summary>
internal static class UriRewriter
{
    /// <summary>Characters a rewritten path may carry as they are; the rest are percent-encoded.</summary>
    private static readonly SearchValues<char> PathSafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/:@!$&'()*+,;=");

    /// <summary>
    /// The rewritten request-target (or, for an absolute target, the redirect's Location).
    /// </summary>
    /// <param name="target">The rewrite target.</param>
    /// <param name="captures">The path regex's match (<see cref="Capture"/>), or <see langword="null"/> when there is none to use.</param>
    /// <param name="requestTarget">The request-target as sent: path and optional query.</param>
    /// <returns>The new path and query.</returns>
    public static string Rewrite(RewriteTarget target, Match? captures, ReadOnlySpan<char> requestTarget)
    {
        var query = NormalizedPath.Query(requestTarget);
        var template = target.Template;
        if (!template.HasCaptures)
        {
            return query.IsEmpty ? template.Text : string.Concat(template.Text, "?", query);
        }

        var builder = Expand(template, captures);
        if (!query.IsEmpty)
        {
            builder.Append('?').Append(query);
        }

        return builder.ToString();
    }

    /// <summary>The <c>X-Forwarded-Prefix</c> value, with the same captures as the rewrite.</summary>
    public static string ForwardedPrefix(RewriteTemplate prefix, Match? captures) =>
        prefix.HasCaptures ? Expand(prefix, captures).ToString() : prefix.Text;

    /// <summary>
    /// Runs the location's rewrite regex once on the normalised path, for every template that
    /// needs its captures; <see langword="null"/> for the root location (no regex), no match or a timeout.
    /// </summary>
    public static Match? Capture(Regex? regex, ReadOnlySpan<char> requestTarget)
    {
        if (regex is null)
        {
            return null;
        }

        try
        {
            var match = regex.Match(NormalizedPath.Of(requestTarget) ?? "/");
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException)
        {
            // A backtracking pattern that runs away: the captures are empty, never a stalled request.
            return null;
        }
    }

    /// <summary>The template with each <c>$n</c> replaced by capture n of the path regex (empty when it did not take part).</summary>
    private static StringBuilder Expand(RewriteTemplate template, Match? match)
    {
        var builder = new StringBuilder(template.Text.Length + 32);
        foreach (var part in template.Parts)
        {
            if (part.Kind == RewriteTemplatePartKind.Literal)
            {
                builder.Append(part.Literal);
            }
            else if (match is not null && part.Group < match.Groups.Count && match.Groups[part.Group].Success)
            {
                // Captures come from the decoded path; escape them again so the backend receives
                // a valid request-target and a decoded "?" or "#" cannot start a query or fragment.
                AppendEscaped(builder, match.Groups[part.Group].ValueSpan);
            }
        }

        return builder;
    }

    /// <summary>
    /// Percent-encodes what a path may not carry. The normalised path holds one char per decoded
    /// byte, so a char above 0x7F is one byte of a UTF-8 sequence and is written back as that byte.
    /// </summary>
    private static void AppendEscaped(StringBuilder builder, ReadOnlySpan<char> text)
    {
        Span<byte> bytes = stackalloc byte[4];
        while (!text.IsEmpty)
        {
            var unsafeAt = text.IndexOfAnyExcept(PathSafe);
            if (unsafeAt < 0)
            {
                builder.Append(text);
                return;
            }

            builder.Append(text[..unsafeAt]);
            var c = text[unsafeAt];
            if (c <= 0xFF)
            {
                builder.Append('%').Append(HexUpper(c >> 4)).Append(HexUpper(c & 0xF));
            }
            else
            {
                // Not produced by the normaliser; encode as UTF-8 to stay valid whatever happens.
                var count = Encoding.UTF8.GetBytes(text.Slice(unsafeAt, 1), bytes);
                foreach (var b in bytes[..count])
                {
                    builder.Append('%').Append(HexUpper(b >> 4)).Append(HexUpper(b & 0xF));
                }
            }

            text = text[(unsafeAt + 1)..];
        }
    }

    private static char HexUpper(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
