using System.Globalization;
using IngressCore.Model;

namespace IngressCore.Benchmarks.RouteSets;

/// <summary>
/// A generated set of host + Prefix rules, as Ingress objects for IngressCore and as plain rules
/// for the other matchers, with a dictionary-based reference resolver that states the expected
/// answer: exact host, else the one-label <c>*.</c> wildcard; then the longest whole-element
/// prefix of that host only (no fallback to the wildcard when an exact host has no matching path).
/// </summary>
public sealed class RouteSet
{
    private readonly Dictionary<string, HostRules> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HostRules> _wildcardParents = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a route set.</summary>
    /// <param name="name">The set's name (small, saas, large).</param>
    /// <param name="hosts">The rules, one entry per host.</param>
    public RouteSet(string name, IReadOnlyList<HostRules> hosts)
    {
        Name = name;
        Hosts = hosts;
        foreach (var host in hosts)
        {
            if (host.IsWildcard)
            {
                _wildcardParents.Add(host.Host[2..], host);
            }
            else
            {
                _exact.Add(host.Host, host);
            }
        }

        Ingresses = [.. hosts.Select(ToIngress)];
    }

    /// <summary>The set's name.</summary>
    public string Name { get; }

    /// <summary>The rules, one entry per host.</summary>
    public IReadOnlyList<HostRules> Hosts { get; }

    /// <summary>The exact (non-wildcard) hosts.</summary>
    public IEnumerable<HostRules> ExactHosts => Hosts.Where(h => !h.IsWildcard);

    /// <summary>The wildcard hosts.</summary>
    public IEnumerable<HostRules> WildcardHosts => Hosts.Where(h => h.IsWildcard);

    /// <summary>The number of (host, prefix) rules.</summary>
    public int RuleCount => Hosts.Sum(h => h.Prefixes.Count);

    /// <summary>The same rules as Ingress objects: one Ingress per host, oldest first.</summary>
    public IReadOnlyList<IngressDefinition> Ingresses { get; }

    /// <summary>The reference answer for a request.</summary>
    /// <param name="host">The request host (no port).</param>
    /// <param name="path">The normal request path.</param>
    /// <returns>The rule that must match, or <see langword="null"/> for a 404.</returns>
    public RuleKey? Resolve(string host, string path)
    {
        if (!_exact.TryGetValue(host, out var rules))
        {
            var dot = host.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !_wildcardParents.TryGetValue(host[(dot + 1)..], out rules))
            {
                return null;
            }
        }

        string? best = null;
        foreach (var prefix in rules.Prefixes)
        {
            var matches = path == prefix ||
                (path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] == '/');
            if (matches && (best is null || prefix.Length > best.Length))
            {
                best = prefix;
            }
        }

        return best is null ? null : new RuleKey(rules.Host, best);
    }

    private static IngressDefinition ToIngress(HostRules rules, int index)
    {
        var name = rules.IsWildcard
            ? "wildcard-" + rules.Host[2..].Replace('.', '-')
            : rules.Host.Replace('.', '-');
        var service = "svc-" + index.ToString(CultureInfo.InvariantCulture);
        return new IngressDefinition
        {
            Namespace = "bench",
            Name = name,
            CreationTimestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(index),
            Rules =
            [
                new IngressRule
                {
                    Host = rules.Host,
                    Paths = [.. rules.Prefixes.Select(p => new IngressPath
                    {
                        Path = p,
                        PathType = PathType.Prefix,
                        Backend = IngressBackend.ForService(service, 8080),
                    })],
                },
            ],
        };
    }
}
