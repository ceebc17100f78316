using System.Text.RegularExpressions;
using IngressCore.Annotations;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Renders a regex-mode host's paths as ingress-nginx renders its locations
/// (docs/matching.md): ordered longest path first (equal lengths in reverse
/// ordinal order, then declaration order), Prefix paths normalised, each a case-insensitive regex
/// anchored at the start.
/// </summary>
internal static class RegexLocationsBuilder
{
    /// <summary>
    /// Whether the host is in regex mode: any of its locations, the root location included (it
    /// carries the host's first Ingress's annotations), sets <c>use-regex</c> or rewrites (docs/matching.md).
    /// </summary>
    public static bool IsRegexMode(IReadOnlyList<Route> routes, IngressAnnotations? rootPolicies)
    {
        if (rootPolicies is not null && (rootPolicies.UseRegex == true || RouteTableCompiler.NeedsRewrite(rootPolicies, "/")))
        {
            return true;
        }

        foreach (var route in routes)
        {
            if (route.Policies.UseRegex == true || route.Rewrites)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// ingress-nginx's location order (docs/matching.md): two stable sorts (path descending, then length
    /// descending) amount to this one, longest path first, equal lengths in reverse ordinal order,
    /// and declaration order kept for equal paths.
    /// </summary>
    public static IOrderedEnumerable<T> InLocationOrder<T>(IEnumerable<T> locations, Func<T, string> path) =>
        locations
            .OrderByDescending(l => path(l).Length)
            .ThenByDescending(path, StringComparer.Ordinal);

    /// <summary>The host's locations in nginx's order.</summary>
    /// <param name="routes">The host's path routes in declaration order (oldest Ingress first).</param>
    public static RegexLocations Build(IReadOnlyList<Route> routes)
    {
        // An Exact "/" is left out: the host's root location "/" exists before any path and the
        // stable sort keeps it first among the "/" locations, so in regex mode (both are "^/") it
        // takes every request an Exact "/" could, "/" included (docs/matching.md). Those requests go to
        // the root location: a Prefix "/" route, else the host's default backend.
        var ordered = InLocationOrder(routes.Where(r => r.PathType != PathType.Exact || r.Path != "/"), r => r.Path).ToList();
        var exactPaths = routes.Where(r => r.PathType == PathType.Exact).Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        var compiled = new Dictionary<string, Regex>(StringComparer.Ordinal);
        var locations = new RegexLocations.Location[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            var path = LocationPath(ordered[i], exactPaths);
            if (!compiled.TryGetValue(path, out var regex))
            {
                regex = PathRegex.Location(path);
                compiled.Add(path, regex);
            }

            locations[i] = new RegexLocations.Location(path, regex, ordered[i]);
        }

        return new RegexLocations(locations);
    }

    /// <summary>
    /// ingress-nginx's Prefix normalisation (docs/matching.md). A plain Prefix <c>/p</c> becomes the locations
    /// <c>/p/</c> and <c>= /p</c> side by side; as regexes <c>^/p</c> covers both, so one location
    /// with the original path stands for the pair. When an Exact <c>/p</c> exists, only <c>/p/</c>
    /// is made. ImplementationSpecific is Prefix in ingress-nginx, so it is normalised the same way.
    /// Exact, <c>/</c>, rewriting and use-regex locations stay as written.
    /// </summary>
    private static string LocationPath(Route route, HashSet<string> exactPaths)
    {
        if (route.Path == "/" || route.PathType == PathType.Exact || route.Rewrites || route.Policies.UseRegex == true)
        {
            return route.Path;
        }

        return exactPaths.Contains(route.Path) && !route.Path.EndsWith('/') ? route.Path + "/" : route.Path;
    }
}
