using System.Buffers;
using IngressCore.Annotations;

namespace IngressCore.Routing.Policies;

/// <summary>
/// ingress-nginx's origin test for explicit <c>cors-allow-origin</c> entries
/// (docs/annotations.md): <c>$http_origin ~* ((o1)|(o2)…)$</c>, each entry regex-quoted
/// with its first <c>*</c> turned into <c>[A-Za-z0-9\-]+</c>. So: case-insensitive, anchored at the
/// end only, a wildcard is exactly one label, and the port must be the same (an entry without a port
/// does not match an origin with one). Done on spans: no regex is built from annotation text.
/// </summary>
internal static class CorsOriginMatcher
{
    private static readonly SearchValues<char> LabelChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>Whether the request's <c>Origin</c> matches any of the entries.</summary>
    public static bool MatchesAny(IReadOnlyList<CorsOrigin> allowed, ReadOnlySpan<char> origin)
    {
        foreach (var entry in allowed)
        {
            if (Matches(entry, origin))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the request's <c>Origin</c> matches one entry.</summary>
    public static bool Matches(CorsOrigin entry, ReadOnlySpan<char> origin)
    {
        var pattern = entry.Value.AsSpan();
        if (!entry.IsWildcardSubdomain)
        {
            return origin.EndsWith(pattern, StringComparison.OrdinalIgnoreCase);
        }

        // "scheme://*.host[:port]": the origin ends with ".host[:port]", after at least one label
        // character, after "scheme://". Label characters exclude '/', so the label is the whole run
        // of them in front of the tail, and "scheme://" must end exactly where that run starts.
        var star = pattern.IndexOf('*');
        var head = pattern[..star];
        var tail = pattern[(star + 1)..];
        if (!origin.EndsWith(tail, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = origin[..^tail.Length];
        var labelStart = rest.LastIndexOfAnyExcept(LabelChars) + 1;
        return labelStart < rest.Length && rest[..labelStart].EndsWith(head, StringComparison.OrdinalIgnoreCase);
    }
}
