using IngressCore.Model;

namespace IngressCore.Matching;

public sealed partial class RouteTable
{
    /// <summary>
    /// Matches a request like <see cref="Match"/> and says, for every route of the table, why it
    /// took or did not take the request. For tools and debugging: it allocates freely.
    /// </summary>
    /// <param name="host">The request host.</param>
    /// <param name="path">The request-target (path and optional query).</param>
    /// <returns>The decision with its reasons.</returns>
    public RouteExplanation Explain(string host, string path)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(path);
        var result = Match(host, path);
        var normalized = NormalizedPath.Of(path);
        var trimmedHost = AsciiLower(RequestHost.Trim(host));
        var selectedHost = SelectVirtualHost(host);
        var verdicts = new List<RouteVerdict>(Routes.Count);
        foreach (var route in Routes)
        {
            var selected = ReferenceEquals(route, result.Route);
            var reason = route.Kind == RouteKind.Path
                ? ExplainPath(route, selected, selectedHost, trimmedHost, normalized, result)
                : ExplainDefault(route, selected, selectedHost, result);
            verdicts.Add(new RouteVerdict(route, selected, reason));
        }

        return new RouteExplanation(result, normalized ?? string.Empty, DescribeHost(selectedHost, trimmedHost), verdicts);
    }

    /// <summary>Lower-cases A-Z only, as the host lookup compares: Unicode folding would turn a Kelvin sign into 'k'.</summary>
    private static string AsciiLower(ReadOnlySpan<char> host)
    {
        var chars = host.ToArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsAsciiLetterUpper(chars[i]))
            {
                chars[i] = (char)(chars[i] | 0x20);
            }
        }

        return new string(chars);
    }

    private static string DescribeHost(VirtualHost? host, string requestHost) => host switch
    {
        { Host: null } => $"no rule host matches '{requestHost}'; the host-less rules apply",
        { Host: { } h } when h.StartsWith("*.", StringComparison.Ordinal) => $"'{requestHost}' has no exact rule host; wildcard {h} covers its first label",
        { Host: { } h } => $"exact rule host {h}",
        null => $"no rule host matches '{requestHost}' and there are no host-less rules",
    };

    private static string ExplainPath(Route route, bool selected, VirtualHost? host, string requestHost, string? path, RouteMatch result)
    {
        if (path is null)
        {
            return "not considered: the request path is malformed (400)";
        }

        if (host is null || !string.Equals(route.Host, host.Host, StringComparison.Ordinal))
        {
            return WhyHostLost(route, host, requestHost);
        }

        if (host.Regex is { } regex)
        {
            return ExplainRegexPath(route, selected, regex, host, path, result);
        }

        var exact = route.PathType == PathType.Exact;
        var matches = exact ? string.Equals(route.Path, path, StringComparison.Ordinal) : PrefixMatches(route.Path, path);
        if (selected)
        {
            return $"selected: {route.PathType} {route.Path} is the longest matching path on {HostWords(host)}";
        }

        if (!matches)
        {
            return WhyPathLost(route, path);
        }

        var winner = result.Route!;
        if (winner.Path.TrimEnd('/').Length == route.Path.TrimEnd('/').Length)
        {
            return winner.PathType == PathType.Exact && !exact
                ? $"matches, but on an equal path Exact beats Prefix: Exact {winner.Path} of {winner.Origin.QualifiedName} wins"
                : $"matches, but Prefix {winner.Path} of {winner.Origin.QualifiedName} matches the same requests and the longer path wins";
        }

        return $"matches, but a longer path wins: {winner.PathType} {winner.Path} of {winner.Origin.QualifiedName}";
    }

    /// <summary>A regex-mode host: nginx tries its locations in order and the first that matches wins (docs/matching.md).</summary>
    private static string ExplainRegexPath(Route route, bool selected, RegexLocations regex, VirtualHost host, string path, RouteMatch result)
    {
        var location = regex.Items.First(l => ReferenceEquals(l.Route, route));
        var position = regex.Items.ToList().IndexOf(location) + 1;
        var mode = $"{HostWords(host)} is in regex mode (an Ingress of it sets use-regex or rewrite-target), so its paths are case-insensitive regexes anchored at the start, tried longest first";
        if (selected)
        {
            return $"selected: {mode}; ^{location.Path} (location {position} of {regex.Items.Count}) is the first that matches";
        }

        if (!PathRegex.IsMatch(location.Regex, path))
        {
            return $"regex ^{location.Path} does not match {path} ({mode})";
        }

        return result.Route is { } winner
            ? $"regex ^{location.Path} matches, but location {winner.PathType} {winner.Path} of {winner.Origin.QualifiedName} comes first in nginx's order ({mode})"
            : $"regex ^{location.Path} matches";
    }

    private static string WhyHostLost(Route route, VirtualHost? host, string requestHost)
    {
        if (route.Host is null)
        {
            return $"host-less rule: used only when no rule host matches, but {host?.Host} matches '{requestHost}'";
        }

        if (route.Host.StartsWith("*.", StringComparison.Ordinal))
        {
            var parent = RequestHost.ParentOfSingleLabel(requestHost);
            if (parent.Equals(route.Host.AsSpan(2), StringComparison.OrdinalIgnoreCase))
            {
                return $"wildcard {route.Host} covers '{requestHost}', but the exact rule host {host?.Host} takes precedence";
            }

            return requestHost.EndsWith(route.Host[1..], StringComparison.Ordinal)
                ? $"wildcard {route.Host} matches exactly one label (of A-Z, a-z, 0-9, '_', '-') before {route.Host[2..]}; '{requestHost}' has more labels or other characters"
                : $"rule host {route.Host} does not match '{requestHost}'";
        }

        return $"rule host {route.Host} does not match '{requestHost}'";
    }

    private static string WhyPathLost(Route route, string path)
    {
        var exact = route.PathType == PathType.Exact;
        var sameIgnoringCase = exact
            ? string.Equals(route.Path, path, StringComparison.OrdinalIgnoreCase)
            : PrefixMatches(route.Path.ToLowerInvariant(), path.ToLowerInvariant());
        if (sameIgnoringCase)
        {
            return $"{route.PathType} {route.Path} differs from {path} only in case; paths are case-sensitive";
        }

        if (exact)
        {
            return route.Path.TrimEnd('/') == path.TrimEnd('/')
                ? $"Exact {route.Path} does not equal {path}: Exact never ignores a trailing slash"
                : $"Exact {route.Path} does not equal {path}";
        }

        return path.StartsWith(route.Path.TrimEnd('/'), StringComparison.Ordinal)
            ? $"{route.PathType} {route.Path} does not match {path}: Prefix compares whole path elements"
            : $"{route.PathType} {route.Path} does not match {path}";
    }

    private static string ExplainDefault(Route route, bool selected, VirtualHost? host, RouteMatch result)
    {
        if (route.Kind == RouteKind.HostDefaultBackend)
        {
            if (host is null || !string.Equals(route.Host, host.Host, StringComparison.Ordinal))
            {
                return $"default backend of {route.Host ?? "the host-less rules"}, which the request host did not select";
            }

            return selected
                ? $"selected: no path of {HostWords(host)} matches, so its default backend (from {route.Origin.QualifiedName}) takes the request"
                : "default backend of this host: used only when no path matches";
        }

        return selected
            ? (host is null
                ? $"selected: no rule host matches, so the catch-all default backend (from {route.Origin.QualifiedName}) takes the request"
                : $"selected: no path of {HostWords(host)} matches and it has no default backend, so the catch-all (from {route.Origin.QualifiedName}) takes the request")
            : result.Status == RouteMatchStatus.Matched
                ? "catch-all default backend: used only when no path matches"
                : "catch-all default backend: the host's own default backend comes first";
    }

    private static string HostWords(VirtualHost host) => host.Host is null ? "the host-less rules" : $"host {host.Host}";

    /// <summary>The spec's Prefix test, written plainly: whole elements, a trailing slash ignored on either side.</summary>
    private static bool PrefixMatches(string prefix, string path)
    {
        var p = prefix.TrimEnd('/');
        var r = path.TrimEnd('/');
        return p.Length == 0 || (r.StartsWith(p, StringComparison.Ordinal) && (r.Length == p.Length || r[p.Length] == '/'));
    }
}
