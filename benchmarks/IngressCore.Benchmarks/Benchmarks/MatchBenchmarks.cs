using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using IngressCore.Benchmarks.Matchers;
using IngressCore.Benchmarks.RouteSets;
using IngressCore.Matching;

namespace IngressCore.Benchmarks.Benchmarks;

/// <summary>
/// Per-match cost of IngressCore's <see cref="RouteTable.Match"/> beside ASP.NET Core's endpoint
/// routing (through <c>UseRouting()</c> and through its DFA matcher directly) and a naive linear
/// scan, over the same route set and the same 64 requests, in the same run. Results are per match
/// (OperationsPerInvoke = 64). Every matcher is checked against the reference answers in its
/// GlobalSetup before it is timed.
/// </summary>
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private BenchRequest[] _requests = [];
    private string[] _hosts = [];
    private string[] _paths = [];
    private HostString[] _hostStrings = [];
    private PathString[] _pathStrings = [];
    private RouteTable? _table;
    private AspNetCoreRouting? _aspNetCore;
    private RequestDelegate? _route;
    private NaiveLinearMatcher? _naive;

    /// <summary>The cases, <c>set/mix</c>.</summary>
    public static IEnumerable<string> Cases => RequestMixes.Cases;

    /// <summary>The route set and request mix, such as <c>saas/mix</c>.</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "saas/mix";

    /// <summary>Builds and checks IngressCore's table.</summary>
    [GlobalSetup(Target = nameof(IngressCore_RouteTable))]
    public void SetupIngressCore()
    {
        var set = Load();
        var table = IngressCoreMatcher.Build(set);
        MatcherValidation.Check("IngressCore RouteTable", _requests, (h, p) => IngressCoreMatcher.Resolve(table, h, p));
        _table = table;
    }

    /// <summary>Maps the rules in ASP.NET Core and checks the routing middleware.</summary>
    [GlobalSetup(Target = nameof(AspNetCore_RoutingMiddleware))]
    public void SetupRoutingMiddleware() => SetupAspNetCore(directMatcher: false);

    /// <summary>Maps the rules in ASP.NET Core and checks the DFA matcher.</summary>
    [GlobalSetup(Target = nameof(AspNetCore_DfaMatcher))]
    public void SetupDfaMatcher() => SetupAspNetCore(directMatcher: true);

    /// <summary>Flattens and checks the naive matcher.</summary>
    [GlobalSetup(Target = nameof(Naive_LinearScan))]
    public void SetupNaive()
    {
        var naive = new NaiveLinearMatcher(Load());
        MatcherValidation.Check("Naive linear scan", _requests, naive.Resolve);
        _naive = naive;
    }

    /// <summary>Releases the ASP.NET Core app.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _aspNetCore?.Dispose();
        _aspNetCore = null;
    }

    /// <summary>IngressCore: <see cref="RouteTable.Match"/> per request.</summary>
    /// <returns>How many requests matched a path rule.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = RequestMixes.Count)]
    public int IngressCore_RouteTable() => IngressCoreMatcher.MatchAll(_table!, _hosts, _paths);

    /// <summary>ASP.NET Core: the <c>UseRouting()</c> pipeline over a reused <see cref="DefaultHttpContext"/>.</summary>
    /// <returns>How many requests selected an endpoint.</returns>
    [Benchmark(OperationsPerInvoke = RequestMixes.Count)]
    public int AspNetCore_RoutingMiddleware() => RunAspNetCore();

    /// <summary>ASP.NET Core: the DFA matcher's <c>MatchAsync</c> over a reused <see cref="DefaultHttpContext"/>.</summary>
    /// <returns>How many requests selected an endpoint.</returns>
    [Benchmark(OperationsPerInvoke = RequestMixes.Count)]
    public int AspNetCore_DfaMatcher() => RunAspNetCore();

    /// <summary>A naive linear scan over every rule per request.</summary>
    /// <returns>How many requests matched a rule.</returns>
    [Benchmark(OperationsPerInvoke = RequestMixes.Count)]
    public int Naive_LinearScan()
    {
        var naive = _naive!;
        var hosts = _hosts;
        var paths = _paths;
        var matched = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            if (naive.Match(hosts[i], paths[i]) >= 0)
            {
                matched++;
            }
        }

        return matched;
    }

    private int RunAspNetCore()
    {
        var route = _route!;
        var context = _aspNetCore!.Context;
        var request = context.Request;
        var hosts = _hostStrings;
        var paths = _pathStrings;
        var matched = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            context.SetEndpoint(null);
            request.Host = hosts[i];
            request.Path = paths[i];
            var task = route(context);
            if (!task.IsCompletedSuccessfully)
            {
                task.GetAwaiter().GetResult();
            }

            if (context.GetEndpoint() is not null)
            {
                matched++;
            }
        }

        return matched;
    }

    private void SetupAspNetCore(bool directMatcher)
    {
        var set = Load();
        var aspNetCore = new AspNetCoreRouting(set, directMatcher);
        _aspNetCore = aspNetCore;
        var route = directMatcher ? aspNetCore.Matcher! : aspNetCore.Pipeline;
        MatcherValidation.Check(
            directMatcher ? "ASP.NET Core DfaMatcher" : "ASP.NET Core routing middleware",
            _requests,
            (h, p) => aspNetCore.Resolve(route, h, p));
        _route = route;
    }

    private RouteSet Load()
    {
        var (set, requests) = RequestMixes.ForCase(Case);
        _requests = requests;
        _hosts = [.. requests.Select(r => r.Host)];
        _paths = [.. requests.Select(r => r.Path)];
        _hostStrings = [.. requests.Select(r => new HostString(r.Host))];
        _pathStrings = [.. requests.Select(r => new PathString(r.Path))];
        return set;
    }
}
