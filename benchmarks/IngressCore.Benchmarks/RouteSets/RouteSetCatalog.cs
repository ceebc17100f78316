using System.Collections.Concurrent;
using System.Globalization;

namespace IngressCore.Benchmarks.RouteSets;

/// <summary>
/// The benchmark route sets, generated with a fixed seed so every run (and every BenchmarkDotNet
/// child process) sees the same rules:
/// small = 1 host x 10 prefixes; saas = 200 <c>customerN.platform.com</c> x 5 prefixes +
/// <c>*.platform.com</c> x 3; large = 2,000 such hosts x 5 prefixes + the same wildcard x 3.
/// </summary>
public static class RouteSetCatalog
{
    /// <summary>The seed of every generated set and mix.</summary>
    public const int Seed = 20_261_126;

    /// <summary>The wildcard rule host of saas and large.</summary>
    public const string WildcardHost = "*.platform.com";

    /// <summary>The names of the sets, smallest first.</summary>
    public static readonly IReadOnlyList<string> Names = ["small", "saas", "large"];

    /// <summary>The prefixes every customer host draws from; <c>/api</c> is always taken, so deep API paths are common.</summary>
    internal static readonly string[] CustomerPrefixPool =
    [
        "/api/v1", "/api/v1/users", "/api/v2", "/static", "/assets", "/admin", "/auth",
        "/billing", "/graphql", "/health", "/docs", "/web", "/media", "/search", "/reports",
    ];

    /// <summary>The wildcard host's prefixes (none of them is a customer prefix).</summary>
    internal static readonly string[] WildcardPrefixes = ["/app", "/login", "/signup"];

    /// <summary>The single host of the small set.</summary>
    internal const string SmallHost = "shop.example.com";

    private static readonly string[] SmallPrefixes =
    [
        "/api", "/api/v1", "/api/v1/users", "/api/v2", "/static", "/assets", "/admin", "/auth", "/cart", "/checkout",
    ];

    private static readonly ConcurrentDictionary<string, RouteSet> Cache = new(StringComparer.Ordinal);

    /// <summary>Gets (and caches) a set by name.</summary>
    /// <param name="name">small, saas or large.</param>
    /// <returns>The set.</returns>
    public static RouteSet Get(string name) => Cache.GetOrAdd(name, Create);

    private static RouteSet Create(string name) => name switch
    {
        "small" => new RouteSet(name, [new HostRules(SmallHost, SmallPrefixes)]),
        "saas" => Customers(name, 200),
        "large" => Customers(name, 2_000),
        _ => throw new ArgumentException($"unknown route set '{name}' (small, saas, large)", nameof(name)),
    };

    private static RouteSet Customers(string name, int count)
    {
        var random = new Random(Seed + count);
        var hosts = new List<HostRules>(count + 1);
        for (var i = 0; i < count; i++)
        {
            var prefixes = new List<string> { "/api" };
            prefixes.AddRange(CustomerPrefixPool.OrderBy(_ => random.Next()).Take(4));
            hosts.Add(new HostRules(CustomerHost(i), prefixes));
        }

        hosts.Add(new HostRules(WildcardHost, WildcardPrefixes));
        return new RouteSet(name, hosts);
    }

    /// <summary>The name of customer host <paramref name="index"/>.</summary>
    /// <param name="index">The customer number.</param>
    /// <returns>The host name.</returns>
    internal static string CustomerHost(int index) =>
        "customer" + index.ToString(CultureInfo.InvariantCulture) + ".platform.com";
}
