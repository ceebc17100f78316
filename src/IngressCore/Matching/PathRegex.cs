using System.Text.RegularExpressions;

namespace IngressCore.Matching;

/// <summary>
/// Compiles Ingress paths into the regexes ingress-nginx gives nginx in regex mode
/// (docs/matching.md): the location <c>~* "^path"</c> and the rewrite
/// <c>"(?i)path"</c>. A ReDoS pattern can never stall a request: the linear-time
/// <see cref="RegexOptions.NonBacktracking"/> engine is used whenever the pattern allows it, and the
/// rest (backreferences, lookarounds) run with <see cref="MatchTimeout"/>.
/// </summary>
internal static class PathRegex
{
    /// <summary>The match timeout of patterns the linear-time engine cannot run.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    // CultureInvariant: case folding must not depend on the server's culture (a Turkish 'I').
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>The location regex: the path anchored at the start, case-insensitive.</summary>
    /// <exception cref="ArgumentException">The path is not a valid regular expression.</exception>
    public static Regex Location(string path) => Create("^" + path);

    /// <summary>The rewrite regex: the path unanchored, case-insensitive (nginx finds the leftmost match).</summary>
    /// <exception cref="ArgumentException">The path is not a valid regular expression.</exception>
    public static Regex Rewrite(string path) => Create(path);

    /// <summary>Returns why <paramref name="path"/> is not a valid regular expression, or <see langword="null"/>.</summary>
    public static string? Problem(string path)
    {
        try
        {
            _ = Create("^" + path);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>Whether the location regex accepts the path; a pattern that times out does not.</summary>
    public static bool IsMatch(Regex regex, ReadOnlySpan<char> path)
    {
        try
        {
            return regex.IsMatch(path);
        }
        catch (RegexMatchTimeoutException)
        {
            // Only backtracking patterns can time out; failing closed sends the request on to the
            // next location, as if this one did not match.
            return false;
        }
    }

    private static Regex Create(string pattern)
    {
        try
        {
            return new Regex(pattern, Options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, Options, MatchTimeout);
        }
    }
}
