using IngressCore.Benchmarks.RouteSets;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Benchmarks.Matchers;

/// <summary>Builds IngressCore's <see cref="RouteTable"/> for a route set and checks it.</summary>
public static class IngressCoreMatcher
{
    /// <summary>Builds the table from the set's Ingress objects; throws when the build reports errors or warnings, or drops rules.</summary>
    /// <param name="set">The route set.</param>
    /// <returns>The table.</returns>
    public static RouteTable Build(RouteSet set)
    {
        var table = RouteTable.Build(set.Ingresses);
        if (table.Diagnostics.Any(d => d.Severity != DiagnosticSeverity.Info) || table.Routes.Count != set.RuleCount)
        {
            throw new InvalidOperationException(
                $"RouteTable.Build({set.Name}): {table.Routes.Count} routes for {set.RuleCount} rules; diagnostics: " +
                string.Join("; ", table.Diagnostics));
        }

        return table;
    }

    /// <summary>Matches every request: the timed loop of the match benchmarks.</summary>
    /// <param name="table">The table.</param>
    /// <param name="hosts">The requests' hosts.</param>
    /// <param name="paths">The requests' paths, one per host.</param>
    /// <returns>How many requests matched a path rule.</returns>
    public static int MatchAll(RouteTable table, string[] hosts, string[] paths)
    {
        var matched = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            if (table.Match(hosts[i], paths[i]).Success)
            {
                matched++;
            }
        }

        return matched;
    }

    /// <summary>The rule a request selects, for validation.</summary>
    /// <param name="table">The table.</param>
    /// <param name="host">The request host.</param>
    /// <param name="path">The request path.</param>
    /// <returns>The rule, or <see langword="null"/> when no path rule matched.</returns>
    public static RuleKey? Resolve(RouteTable table, string host, string path)
    {
        var match = table.Match(host, path);
        return match.Status switch
        {
            RouteMatchStatus.Matched => new RuleKey(match.Route!.Host!, match.Route.Path),
            RouteMatchStatus.NotFound => null,
            _ => throw new InvalidOperationException($"{host}{path}: unexpected {match}"),
        };
    }
}
