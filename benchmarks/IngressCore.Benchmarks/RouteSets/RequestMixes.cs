using System.Globalization;

namespace IngressCore.Benchmarks.RouteSets;

/// <summary>
/// The request mixes: 64 requests each, generated with a fixed seed. hit = listed hosts, mostly
/// deep paths (<c>/api/v1/users/42</c>); wild = unlisted <c>tenantN.platform.com</c> under the
/// wildcard's prefixes; miss = half unknown hosts, half listed hosts with unrouted paths;
/// mix = 60/20/20 hit/wild/miss (small has no wildcard: its mix is 60/40 hit/miss).
/// Every request carries the reference answer, checked against what it was meant to exercise.
/// </summary>
public static class RequestMixes
{
    /// <summary>Requests per mix, and so the benchmarks' OperationsPerInvoke.</summary>
    public const int Count = 64;

    /// <summary>The benchmark cases, <c>set/mix</c>, in report order (small has no wildcard, so no small/wild).</summary>
    public static readonly IReadOnlyList<string> Cases =
    [
        "small/hit", "small/miss", "small/mix",
        "saas/hit", "saas/wild", "saas/miss", "saas/mix",
        "large/hit", "large/wild", "large/miss", "large/mix",
    ];

    private static readonly string[] DeepSuffixes =
    [
        "/v1/users/42", "/users/42/orders", "/js/app.min.js", "/items/7/details", "/42", "/dashboard", "/v1/users/42/profile",
    ];

    private static readonly string[] UnroutedPaths =
    [
        "/favicon.ico", "/missing/42/page", "/robots.txt", "/v1/users/42", "/xmlrpc.php", "/apix/v1", "/staticfiles/app.js",
    ];

    /// <summary>Creates the requests of a case such as <c>saas/mix</c>.</summary>
    /// <param name="benchmarkCase">A value of <see cref="Cases"/>.</param>
    /// <returns>The route set and its 64 requests.</returns>
    public static (RouteSet Set, BenchRequest[] Requests) ForCase(string benchmarkCase)
    {
        var slash = benchmarkCase.IndexOf('/', StringComparison.Ordinal);
        var set = RouteSetCatalog.Get(benchmarkCase[..slash]);
        return (set, Create(set, benchmarkCase[(slash + 1)..]));
    }

    /// <summary>Creates a mix for a set.</summary>
    /// <param name="set">The route set.</param>
    /// <param name="mix">hit, wild, miss or mix.</param>
    /// <returns>64 requests, shuffled.</returns>
    public static BenchRequest[] Create(RouteSet set, string mix)
    {
        var hasWildcard = set.WildcardHosts.Any();
        var (hit, wild) = mix switch
        {
            "hit" => (Count, 0),
            "wild" when hasWildcard => (0, Count),
            "miss" => (0, 0),
            "mix" => (38, hasWildcard ? 13 : 0),
            _ => throw new ArgumentException($"no mix '{mix}' for set {set.Name}", nameof(mix)),
        };

        var random = new Random(RouteSetCatalog.Seed ^ (set.Name.Length * 31) ^ mix.Length);
        var exact = set.ExactHosts.ToArray();
        var wildcard = set.WildcardHosts.FirstOrDefault();
        var requests = new List<BenchRequest>(Count);
        for (var i = 0; i < Count; i++)
        {
            var request = i < hit ? Hit(random, exact)
                : i < hit + wild ? Wild(random, wildcard!)
                : Miss(random, exact);
            requests.Add(Check(set, request));
        }

        return [.. requests.OrderBy(_ => random.Next())];
    }

    private static (string Host, string Path, RequestKind Kind) Hit(Random random, HostRules[] hosts)
    {
        var host = hosts[random.Next(hosts.Length)];
        return (host.Host, DeepPath(random, host.Prefixes), RequestKind.Hit);
    }

    private static (string Host, string Path, RequestKind Kind) Wild(Random random, HostRules wildcard)
    {
        var tenant = "tenant" + random.Next(100_000).ToString(CultureInfo.InvariantCulture) + wildcard.Host[1..];
        return (tenant, DeepPath(random, wildcard.Prefixes), RequestKind.Wild);
    }

    private static (string Host, string Path, RequestKind Kind) Miss(Random random, HostRules[] hosts)
    {
        if (random.Next(2) == 0)
        {
            var unknown = "unknown" + random.Next(100_000).ToString(CultureInfo.InvariantCulture) + ".example.net";
            return (unknown, "/api/v1/users/42", RequestKind.Miss);
        }

        var host = hosts[random.Next(hosts.Length)];
        return (host.Host, UnroutedPaths[random.Next(UnroutedPaths.Length)], RequestKind.Miss);
    }

    /// <summary>Mostly deep paths under a prefix; one in six is the prefix itself.</summary>
    private static string DeepPath(Random random, IReadOnlyList<string> prefixes)
    {
        var prefix = prefixes[random.Next(prefixes.Count)];
        return random.Next(6) == 0 ? prefix : prefix + DeepSuffixes[random.Next(DeepSuffixes.Length)];
    }

    /// <summary>Attaches the reference answer and checks that the request exercises what it should.</summary>
    private static BenchRequest Check(RouteSet set, (string Host, string Path, RequestKind Kind) request)
    {
        var expected = set.Resolve(request.Host, request.Path);
        var ok = request.Kind switch
        {
            RequestKind.Hit => expected is not null && expected.Host == request.Host,
            RequestKind.Wild => expected is not null && expected.Host == RouteSetCatalog.WildcardHost,
            _ => expected is null && set.WildcardHosts.All(w => !w.Prefixes.Any(p => request.Path == p || request.Path.StartsWith(p + "/", StringComparison.Ordinal))),
        };
        return ok
            ? new BenchRequest(request.Host, request.Path, request.Kind, expected)
            : throw new InvalidOperationException($"generated {request.Kind} request {request.Host}{request.Path} resolves to {expected?.ToString() ?? "404"}");
    }
}
