using System.Buffers;
using System.Text;
using IngressCore.Decisions;
using IngressCore.Fuzz.Support;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// Rewrite substitution: a fuzzed path regex and rewrite-target on a use-regex Ingress, and
/// fuzzed request-targets. A rewritten request-target is origin form (it starts with '/'); what the template gets from a capture is re-escaped, so the rewritten
/// path must be a valid path (unreserved and sub-delimiter characters and %XX only): a decoded
/// <c>?</c>, <c>#</c> or space from the request can never become query, fragment or a broken request line.
/// </summary>
internal static class RewriteSubstitutionTarget
{
    private const int MaxRequests = 4;

    /// <summary>What a rewritten path may hold besides %XX (RFC 3986 pchar and '/').</summary>
    private static readonly SearchValues<char> PathChars = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/:@!$&'()*+,;=%");

    public static void Run(ReadOnlySpan<byte> input)
    {
        var lines = FuzzText.Utf8(input).Split('\n');
        var regex = lines[0].Length > 0 ? lines[0] : "/";
        var template = lines.Length > 1 ? lines[1] : "/$1";
        var table = Serving.Build(Ingresses.Create(
            "rewrite", "fuzz.example.com", regex, PathType.ImplementationSpecific,
            [("use-regex", "true"), ("rewrite-target", template)]));

        foreach (var line in lines.Skip(2).Take(MaxRequests).DefaultIfEmpty("/"))
        {
            var target = AsSent(line);
            var decision = Serving.Decide(table, new FuzzRequest("http", "fuzz.example.com", target));
            if (decision.IsRewritten)
            {
                // Origin form: a backend (and ASP.NET Core's PathString) takes nothing else.
                if (!decision.UpstreamTarget!.StartsWith('/'))
                {
                    throw new FuzzFinding($"the rewritten request-target '{decision.UpstreamTarget}' (for {target}) does not start with '/'");
                }

                AssertPath(decision.UpstreamTarget!, target, "the rewritten request-target");
            }
            else if (decision.Kind == IngressDecisionKind.Redirect && decision.DecidedBy == "rewrite-target")
            {
                var location = decision.Location!;
                // The path and query follow the authority, which ends at the first '/' or '?'.
                var afterScheme = location.IndexOf("://", StringComparison.Ordinal) + 3;
                var end = location.AsSpan(afterScheme).IndexOfAny('/', '?');
                AssertPath(end < 0 ? string.Empty : location[(afterScheme + end)..], target, "the rewrite redirect's Location");
            }
        }
    }

    /// <summary>The path part is valid and the query is the request's, unchanged.</summary>
    private static void AssertPath(string rewritten, string target, string what)
    {
        var question = rewritten.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? rewritten : rewritten[..question];
        var bad = path.AsSpan().IndexOfAnyExcept(PathChars);
        if (bad >= 0)
        {
            throw new FuzzFinding($"{what} {rewritten} (for {target}) has '{path[bad]}' in its path");
        }

        for (var at = path.IndexOf('%', StringComparison.Ordinal); at >= 0; at = path.IndexOf('%', at + 1))
        {
            if (at + 2 >= path.Length || !Uri.IsHexDigit(path[at + 1]) || !Uri.IsHexDigit(path[at + 2]))
            {
                throw new FuzzFinding($"{what} {rewritten} (for {target}) has a '%' that starts no escape");
            }
        }

        var sentQuestion = target.IndexOf('?', StringComparison.Ordinal);
        var sentQuery = sentQuestion < 0 ? string.Empty : target[(sentQuestion + 1)..].Split('#')[0];
        var query = question < 0 ? string.Empty : rewritten[(question + 1)..];
        if (query != sentQuery)
        {
            throw new FuzzFinding($"{what} {rewritten} has the query '{query}'; the request {target} sent '{sentQuery}'");
        }
    }

    /// <summary>The request-target as a client puts it on the request line: what is not printable ASCII is percent-encoded UTF-8.</summary>
    private static string AsSent(string line)
    {
        var builder = new StringBuilder(line.Length);
        foreach (var b in Encoding.UTF8.GetBytes(line))
        {
            if (b is > 0x20 and < 0x7f)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
