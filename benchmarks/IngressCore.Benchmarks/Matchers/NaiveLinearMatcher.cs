using IngressCore.Benchmarks.RouteSets;

namespace IngressCore.Benchmarks.Matchers;

/// <summary>
/// The naive router, in the style of the tests' ReferenceMatcher: one linear scan over every
/// (host, prefix) rule per request, with IngressCore's semantics (an exact host, when any rule
/// names it, is the only host tried; else the one-label wildcard; longest whole-element prefix).
/// </summary>
public sealed class NaiveLinearMatcher
{
    private readonly Rule[] _rules;

    /// <summary>Flattens a route set into its rules.</summary>
    /// <param name="set">The route set.</param>
    public NaiveLinearMatcher(RouteSet set)
    {
        _rules = [.. set.Hosts.SelectMany(h => h.Prefixes.Select(p => new Rule(
            h.IsWildcard ? h.Host[1..] : h.Host, h.IsWildcard, p, new RuleKey(h.Host, p))))];
    }

    /// <summary>Finds the rule for a request.</summary>
    /// <param name="host">The request host (no port).</param>
    /// <param name="path">The normal request path.</param>
    /// <returns>The index of the rule, or -1.</returns>
    public int Match(string host, string path)
    {
        var exactHost = false;
        var bestExact = -1;
        var bestWildcard = -1;
        var rules = _rules;
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (!rule.Wildcard)
            {
                if (!string.Equals(host, rule.Host, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                exactHost = true;
                if (PrefixMatches(path, rule.Prefix) && (bestExact < 0 || rule.Prefix.Length > rules[bestExact].Prefix.Length))
                {
                    bestExact = i;
                }
            }
            else if (!exactHost &&
                host.Length > rule.Host.Length &&
                host.IndexOf('.', StringComparison.Ordinal) == host.Length - rule.Host.Length &&
                host.EndsWith(rule.Host, StringComparison.OrdinalIgnoreCase) &&
                PrefixMatches(path, rule.Prefix) &&
                (bestWildcard < 0 || rule.Prefix.Length > rules[bestWildcard].Prefix.Length))
            {
                bestWildcard = i;
            }
        }

        return exactHost ? bestExact : bestWildcard;
    }

    /// <summary>The rule a request selects, for validation.</summary>
    /// <param name="host">The request host.</param>
    /// <param name="path">The request path.</param>
    /// <returns>The rule, or <see langword="null"/>.</returns>
    public RuleKey? Resolve(string host, string path)
    {
        var index = Match(host, path);
        return index < 0 ? null : _rules[index].Key;
    }

    private static bool PrefixMatches(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) &&
        (path.Length == prefix.Length || path[prefix.Length] == '/');

    /// <param name="Host">The exact host, or the wildcard's suffix with its leading dot.</param>
    private readonly record struct Rule(string Host, bool Wildcard, string Prefix, RuleKey Key);
}
