using BenchmarkDotNet.Attributes;
using IngressCore.Benchmarks.Matchers;
using IngressCore.Benchmarks.RouteSets;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Benchmarks.Benchmarks;

/// <summary>
/// <see cref="RouteTable.Build"/> from Ingress objects: time and allocated bytes per build
/// (validation, conflict resolution, host index and path tries). Retained memory is measured by
/// the program's <c>--retained</c> mode, not here.
/// </summary>
[MemoryDiagnoser]
public class BuildBenchmarks
{
    private IReadOnlyList<IngressDefinition> _ingresses = [];

    /// <summary>The route set.</summary>
    [Params("saas", "large")]
    public string Set { get; set; } = "large";

    /// <summary>Generates the set and checks that its table answers the mixed requests correctly.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (set, requests) = RequestMixes.ForCase(Set + "/mix");
        var table = IngressCoreMatcher.Build(set);
        MatcherValidation.Check("IngressCore RouteTable", requests, (h, p) => IngressCoreMatcher.Resolve(table, h, p));
        _ingresses = set.Ingresses;
    }

    /// <summary>Builds the table.</summary>
    /// <returns>The table.</returns>
    [Benchmark]
    public RouteTable Build() => RouteTable.Build(_ingresses);
}
