using System.Text;
using IngressCore.Benchmarks.RouteSets;

namespace IngressCore.Benchmarks.Matchers;

/// <summary>
/// Checks a matcher against the reference answers before it is timed, so a broken matcher fails
/// the benchmark (BenchmarkDotNet reports the exception and prints no figure) instead of looking fast.
/// </summary>
public static class MatcherValidation
{
    /// <summary>Throws when <paramref name="resolve"/> disagrees with any request's expected rule.</summary>
    /// <param name="matcher">The matcher's name, for the message.</param>
    /// <param name="requests">The requests with their expected rules.</param>
    /// <param name="resolve">The matcher: host and path to the selected rule, or <see langword="null"/> for none.</param>
    public static void Check(string matcher, IReadOnlyList<BenchRequest> requests, Func<string, string, RuleKey?> resolve)
    {
        var errors = new StringBuilder();
        var wrong = 0;
        foreach (var request in requests)
        {
            var actual = resolve(request.Host, request.Path);
            if (actual != request.Expected)
            {
                wrong++;
                if (wrong <= 5)
                {
                    errors.Append("\n  ").Append(request.Kind).Append(' ').Append(request.Host).Append(request.Path)
                        .Append(": expected ").Append(request.Expected?.ToString() ?? "404")
                        .Append(", got ").Append(actual?.ToString() ?? "404");
                }
            }
        }

        if (wrong > 0)
        {
            throw new InvalidOperationException($"{matcher} is wrong on {wrong} of {requests.Count} requests:{errors}");
        }
    }
}
