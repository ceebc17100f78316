using System.Globalization;
using IngressCore.Annotations;
using IngressCore.Matching;

namespace IngressCore.Decisions;

/// <summary>The Location headers of ingress-nginx's redirects, each as nginx writes it.</summary>
internal static class RedirectLocations
{
    /// <summary>
    /// from-to-www-redirect (docs/annotations.md): <c>scheme://host:port</c> and the request-target without one
    /// trailing <c>/</c>. nginx always writes the port here, so this does too.
    /// </summary>
    public static string ToWwwTwin(string scheme, string host, int serverPort, string target)
    {
        var path = target.AsSpan();
        if (path.Length > 0 && path[^1] == '/')
        {
            path = path[..^1];
        }

        return string.Concat(scheme, "://", host, string.Concat(":", serverPort.ToString(CultureInfo.InvariantCulture), path));
    }

    /// <summary>app-root (docs/annotations.md): <c>scheme://Host</c> (the Host header as sent, port included) and the app root; the query only with <c>$is_args$args</c>.</summary>
    public static string ToAppRoot(string scheme, string host, AppRoot appRoot, string target)
    {
        var query = NormalizedPath.Query(target);
        return appRoot.AppendQueryString && !query.IsEmpty
            ? string.Concat(scheme, "://", host, appRoot.Path, "?", query.ToString())
            : string.Concat(scheme, "://", host, appRoot.Path);
    }

    /// <summary>
    /// permanent-redirect / temporal-redirect (docs/annotations.md): exactly the configured URL; a relative one is
    /// made absolute with the scheme and the Host as nginx keeps it (<c>$host</c>: no port, no
    /// trailing dot, lower case), unless relative-redirects is on.
    /// </summary>
    public static string ToConfigured(string scheme, string host, RedirectRule redirect, bool relativeRedirects)
    {
        if (!redirect.IsRelative || relativeRedirects)
        {
            return redirect.Location;
        }

        return string.Concat(scheme, "://", RequestHost.Trim(host).ToString().ToLowerInvariant(), redirect.Location);
    }

    /// <summary>The host without its port; a bracketed IPv6 literal keeps its brackets.</summary>
    public static ReadOnlySpan<char> HostWithoutPort(ReadOnlySpan<char> host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close < 0 ? default : host[..(close + 1)];
        }

        var colon = host.IndexOf(':');
        return colon < 0 ? host : host[..colon];
    }
}
