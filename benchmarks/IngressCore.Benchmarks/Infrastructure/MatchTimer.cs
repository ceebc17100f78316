using System.Diagnostics;
using System.Globalization;
using IngressCore.Benchmarks.Matchers;
using IngressCore.Benchmarks.RouteSets;
using IngressCore.Matching;

namespace IngressCore.Benchmarks.Infrastructure;

/// <summary>
/// The <c>--time [--same K] case...</c> mode: a quick timer of <see cref="IngressCoreMatcher.MatchAll"/>
/// (the loop the match benchmarks time) for comparing two builds of the engine, not a figure of
/// record. Per case it checks the table against the reference answers (a wrong engine gives no
/// figure), warms up for 1.5 s (so the timed code is the JIT's final tier), takes 150 samples of
/// 200 passes over the 64 requests, drops the first 50 and prints the minimum, the 10th
/// percentile and the median in ns per match. This VM alternates between a fast and a slow
/// state (about 1.6x apart, switching within seconds; docs/performance.md), so compare builds by
/// running them alternately in fresh processes and taking each case's minimum over the rounds
/// (<c>benchmarks/compare.sh</c>). <c>--same K</c> replaces every request by the case's request
/// K: every branch predictable and every line cached, the match's cost in the best case.
/// </summary>
public static class MatchTimer
{
    private const int Samples = 150;
    private const int Dropped = 50;
    private const int Passes = 200;

    /// <summary>Runs the mode.</summary>
    /// <param name="args">The arguments after <c>--time</c>.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args)
    {
        int? same = null;
        if (args is ["--same", var index, ..])
        {
            same = int.Parse(index, CultureInfo.InvariantCulture);
            args = args[2..];
        }

        foreach (var benchmarkCase in args.Length == 0 ? ["saas/mix", "large/mix"] : args)
        {
            var (set, requests) = RequestMixes.ForCase(benchmarkCase);
            var table = IngressCoreMatcher.Build(set);
            MatcherValidation.Check("IngressCore RouteTable", requests, (h, p) => IngressCoreMatcher.Resolve(table, h, p));
            if (same is { } k)
            {
                requests = [.. Enumerable.Repeat(requests[k], requests.Length)];
            }

            string[] hosts = [.. requests.Select(r => r.Host)];
            string[] paths = [.. requests.Select(r => r.Path)];
            var matched = 0;
            var warmup = Stopwatch.StartNew();
            while (warmup.ElapsedMilliseconds < 1500)
            {
                matched += IngressCoreMatcher.MatchAll(table, hosts, paths);
            }

            var samples = new List<double>(Samples - Dropped);
            for (var s = 0; s < Samples; s++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var pass = 0; pass < Passes; pass++)
                {
                    matched += IngressCoreMatcher.MatchAll(table, hosts, paths);
                }

                if (s >= Dropped)
                {
                    samples.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / (Passes * hosts.Length));
                }
            }

            samples.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{benchmarkCase,-11} min {samples[0],6:F1}  p10 {samples[samples.Count / 10],6:F1}  median {samples[samples.Count / 2],6:F1}  (matched {matched})"));
        }

        return 0;
    }
}
