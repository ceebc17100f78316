using System.Diagnostics;
using System.Globalization;
using IngressCore.Benchmarks.Matchers;
using IngressCore.Benchmarks.RouteSets;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Benchmarks.Infrastructure;

/// <summary>
/// The <c>--retained [set] [--aspnetcore]</c> mode: builds the set's table in a fresh process and
/// prints, one <c>key: value</c> per line (read by <c>benchmarks/gate.sh</c>), the first (cold,
/// JIT included) build time, the median of 20 warm builds, the bytes one build allocates, and the
/// bytes a built table keeps alive (<see cref="GC.GetTotalMemory(bool)"/> with a full collection
/// before and after building and holding it; the Ingress objects it was built from exist before
/// and are not counted). With <c>--aspnetcore</c>, the same for ASP.NET Core's routing of the set
/// (WebApplication, endpoints and the DFA its first request builds).
/// </summary>
public static class RetainedMemory
{
    private const int WarmBuilds = 20;

    /// <summary>Runs the mode.</summary>
    /// <param name="args">The arguments after <c>--retained</c>.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args)
    {
        var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "large";
        var set = RouteSetCatalog.Get(name);
        var ingresses = set.Ingresses;
        var (_, requests) = RequestMixes.ForCase(name + "/mix");
        Print("set", name);
        Print("rules", set.RuleCount);

        var clock = Stopwatch.StartNew();
        var first = IngressCoreMatcher.Build(set);
        Print("cold-build-ms", clock.Elapsed.TotalMilliseconds);
        MatcherValidation.Check("IngressCore RouteTable", requests, (h, p) => IngressCoreMatcher.Resolve(first, h, p));
        first = null;

        var times = new double[WarmBuilds];
        for (var i = 0; i < times.Length; i++)
        {
            clock.Restart();
            GC.KeepAlive(RouteTable.Build(ingresses));
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        Print("warm-build-ms-median", times[times.Length / 2]);
        Print("warm-build-ms-min", times[0]);
        Print("warm-build-ms-max", times[^1]);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var table = RouteTable.Build(ingresses);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(table);
        Print("allocated-bytes", allocated);
        Print("retained-bytes", after - before);
        Print("retained-mb", (after - before) / (1024.0 * 1024.0));

        if (args.Contains("--aspnetcore"))
        {
            MeasureAspNetCore(set, requests);
        }

        return 0;
    }

    private static void MeasureAspNetCore(RouteSet set, BenchRequest[] requests)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        using var aspNetCore = new AspNetCoreRouting(set, directMatcher: false);
        Print("aspnetcore-map-ms", clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        MatcherValidation.Check("ASP.NET Core routing middleware", requests, (h, p) => aspNetCore.Resolve(aspNetCore.Pipeline, h, p));
        Print("aspnetcore-first-requests-ms", clock.Elapsed.TotalMilliseconds);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(aspNetCore);
        Print("aspnetcore-retained-bytes", after - before);
        Print("aspnetcore-retained-mb", (after - before) / (1024.0 * 1024.0));
    }

    private static void Print(string key, object value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {(value is double d ? d.ToString("0.###", CultureInfo.InvariantCulture) : value)}"));
}
