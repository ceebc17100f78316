using System.Text.RegularExpressions;

namespace IngressCore.Matching;

/// <summary>
/// The paths of a virtual host in regex mode (docs/matching.md): ingress-nginx's
/// ordered location list, each a case-insensitive regex anchored at the start, where the first
/// location that matches wins, not the longest.
/// </summary>
internal sealed class RegexLocations(RegexLocations.Location[] locations)
{
    /// <summary>The locations in nginx's order.</summary>
    public IReadOnlyList<Location> Items => locations;

    /// <summary>The route of the first location whose regex matches the normalised path, or <see langword="null"/>.</summary>
    public Route? Match(ReadOnlySpan<char> path)
    {
        foreach (var location in locations)
        {
            if (PathRegex.IsMatch(location.Regex, path))
            {
                return location.Route;
            }
        }

        return null;
    }

    /// <summary>One nginx location: the path it was rendered from, its regex and the route it serves.</summary>
    /// <param name="Path">The location path after ingress-nginx's Prefix normalisation.</param>
    /// <param name="Regex">The compiled <c>^path</c>.</param>
    /// <param name="Route">The route it serves.</param>
    internal sealed record Location(string Path, Regex Regex, Route Route);
}
