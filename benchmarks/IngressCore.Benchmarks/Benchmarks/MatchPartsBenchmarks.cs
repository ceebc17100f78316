using BenchmarkDotNet.Attributes;
using IngressCore.Benchmarks.Matchers;
using IngressCore.Benchmarks.RouteSets;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Benchmarks.Benchmarks;

/// <summary>
/// Where the time of <see cref="RouteTable.Match"/> goes, stage by stage, over the same 64
/// requests as <see cref="MatchBenchmarks"/>: the host hash alone, host selection alone (hash,
/// probe, wildcard and host-less fallbacks), the plain-path check alone, the whole match, and the
/// whole match on a table with no Ingress (what every request pays before any lookup finds
/// anything: the hash, the path check, the calls and the result). For finding what to work on;
/// not gated (docs/performance.md, "Where a match's time goes").
/// </summary>
[MemoryDiagnoser]
public class MatchPartsBenchmarks
{
    private static readonly RouteTable EmptyTable = RouteTable.Build([]);

    private string[] _hosts = [];
    private string[] _paths = [];
    private RouteTable _table = EmptyTable;

    /// <summary>The mixes looked at: one host, the many-hosts SaaS set, the large set.</summary>
    [Params("small/mix", "saas/mix", "large/mix")]
    public string Case { get; set; } = "saas/mix";

    /// <summary>Builds and checks the table.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (set, requests) = RequestMixes.ForCase(Case);
        _table = IngressCoreMatcher.Build(set);
        MatcherValidation.Check("IngressCore RouteTable", requests, (h, p) => IngressCoreMatcher.Resolve(_table, h, p));
        _hosts = [.. requests.Select(r => r.Host)];
        _paths = [.. requests.Select(r => r.Path)];
    }

    /// <summary>The request host's hash (A-Z folded), as the match computes it first.</summary>
    /// <returns>A value depending on every hash.</returns>
    [Benchmark(OperationsPerInvoke = RequestMixes.Count)]
    public uint HostHashOnly()
    {
        var hosts = _hosts;
        uint sum = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            sum += HostHash.Compute(hosts[i]);
        }

        return sum;
    }

    /// <summary>Host selection: exact name, else one-label wildcard, else the host-less rules.</summary>
    /// <returns>How many requests selected a virtual host.</returns>
    [Benchmark(OperationsPerInvoke = RequestMixes.Count)]
    public int SelectVirtualHostOnly()
    {
        var table = _table;
        var hosts = _hosts;
        var selected = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            if (table.SelectVirtualHost(hosts[i]) is not null)
            {
                selected++;
            }
        }

        return selected;
    }

    /// <summary>The vector pass that tells a plain path and where its slashes are.</summary>
    /// <returns>A value depending on every result.</returns>
    [Benchmark(OperationsPerInvoke = RequestMixes.Count)]
    public ulong PathScanOnly()
    {
        var paths = _paths;
        ulong sum = 0;
        for (var i = 0; i < paths.Length; i++)
        {
            if (PathScan.TryScan(paths[i], out var slashes))
            {
                sum += slashes;
            }
        }

        return sum;
    }

    /// <summary>The whole match, as <see cref="MatchBenchmarks.IngressCore_RouteTable"/>.</summary>
    /// <returns>How many requests matched a path rule.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = RequestMixes.Count)]
    public int Match() => IngressCoreMatcher.MatchAll(_table, _hosts, _paths);

    /// <summary>The whole match against a table with no Ingress: the cost every request pays before any lookup finds anything.</summary>
    /// <returns>How many requests matched a path rule (none).</returns>
    [Benchmark(OperationsPerInvoke = RequestMixes.Count)]
    public int MatchOnEmptyTable() => IngressCoreMatcher.MatchAll(EmptyTable, _hosts, _paths);
}
