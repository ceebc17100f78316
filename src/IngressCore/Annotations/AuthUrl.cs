using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;

namespace IngressCore.Annotations;

/// <summary>
/// A URL of the external-auth annotations (<c>auth-url</c>, <c>auth-signin</c>) parsed strictly:
/// <c>http</c> or <c>https</c>, a host (a name, an IPv4 address or a bracketed IPv6 address) with an
/// optional port, then a path and query of <c>[-._~A-Za-z0-9/:,?&amp;=]</c> (ingress-nginx's URL
/// characters) and the variables the annotation allows. No user information, fragment, space or
/// percent sign; a host with <c>..</c> is refused, as ingress-nginx's <c>StringToURL</c> does.
/// </summary>
internal sealed class AuthUrl
{
    /// <summary>What <c>auth-url</c> may name: <c>$host</c>, as its whole host (ingress-nginx's oauth2-proxy example).</summary>
    public static readonly IReadOnlySet<AuthVariable> AuthUrlHostVariables = FrozenSet.ToFrozenSet([AuthVariable.Host]);

    /// <summary>What <c>auth-signin</c> may name in its host.</summary>
    public static readonly IReadOnlySet<AuthVariable> SigninHostVariables =
        FrozenSet.ToFrozenSet([AuthVariable.Host, AuthVariable.HttpHost, AuthVariable.BestHttpHost]);

    /// <summary>What <c>auth-signin</c> may name as its scheme.</summary>
    public static readonly IReadOnlySet<AuthVariable> SigninSchemeVariables =
        FrozenSet.ToFrozenSet([AuthVariable.Scheme, AuthVariable.PassAccessScheme]);

    /// <summary>What <c>auth-signin</c> may name in its path and query.</summary>
    public static readonly IReadOnlySet<AuthVariable> SigninPathVariables = FrozenSet.ToFrozenSet(
        [AuthVariable.Host, AuthVariable.HttpHost, AuthVariable.BestHttpHost, AuthVariable.Scheme,
            AuthVariable.PassAccessScheme, AuthVariable.RequestUri, AuthVariable.EscapedRequestUri]);

    private static readonly IReadOnlySet<AuthVariable> NoVariables = FrozenSet<AuthVariable>.Empty;

    private AuthUrl(AuthTemplate template, bool relative, string? literalHost, int? port, string pathAndQuery)
    {
        Template = template;
        IsRelative = relative;
        LiteralHost = literalHost;
        Port = port;
        PathAndQuery = pathAndQuery;
    }

    /// <summary>The whole URL as parts.</summary>
    public AuthTemplate Template { get; }

    /// <summary>Whether the URL is a path (<c>/oauth2/start</c>), made absolute with the request's scheme and host.</summary>
    public bool IsRelative { get; }

    /// <summary>The host as written when it is no variable (lower case; an IPv6 address without brackets), else <see langword="null"/>.</summary>
    public string? LiteralHost { get; }

    /// <summary>The port as written, or <see langword="null"/> for the scheme's.</summary>
    public int? Port { get; }

    /// <summary>The path and query as written (variables unexpanded).</summary>
    public string PathAndQuery { get; }

    /// <summary>Whether the query as written already has <paramref name="parameter"/> with a value (ingress-nginx then appends no redirect parameter).</summary>
    public bool QueryHas(string parameter)
    {
        var question = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return false;
        }

        foreach (var pair in PathAndQuery[(question + 1)..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals] == parameter && equals < pair.Length - 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the URL has a query.</summary>
    public bool HasQuery => PathAndQuery.Contains('?', StringComparison.Ordinal);

    /// <summary>Parses <c>auth-url</c>: absolute, its host literal or <c>$host</c>, no other variable.</summary>
    public static string? ParseAuthUrl(string value, out AuthUrl? url) =>
        Parse(value, allowRelative: false, NoVariables, AuthUrlHostVariables, NoVariables, out url);

    /// <summary>Parses <c>auth-signin</c>: absolute or a path, with the signin variables.</summary>
    public static string? ParseSignin(string value, out AuthUrl? url) =>
        Parse(value, allowRelative: true, SigninSchemeVariables, SigninHostVariables, SigninPathVariables, out url);

    private static string? Parse(
        string value,
        bool allowRelative,
        IReadOnlySet<AuthVariable> schemeVariables,
        IReadOnlySet<AuthVariable> hostVariables,
        IReadOnlySet<AuthVariable> pathVariables,
        out AuthUrl? url)
    {
        url = null;
        var parts = new List<AuthTemplatePart>();
        if (value.StartsWith('/'))
        {
            if (!allowRelative)
            {
                return "is not an absolute URL; write http:// or https:// and a host";
            }

            if (value.StartsWith("//", StringComparison.Ordinal))
            {
                return "starts with '//', which names another host; write http:// or https://";
            }

            var pathProblem = AuthTemplate.ParseInto(value, 0, value.Length, IsUrlChar, pathVariables, parts);
            if (pathProblem is not null)
            {
                return pathProblem;
            }

            url = new AuthUrl(FromParts(value, parts), true, null, null, value);
            return null;
        }

        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return "is not a URL; write http://HOST/PATH or https://HOST/PATH";
        }

        var scheme = value[..separator];
        if (scheme is "http" or "https")
        {
            parts.Add(new AuthTemplatePart(AuthVariable.None, scheme + "://"));
        }
        else if (scheme.StartsWith('$') && AuthTemplate.ParseInto(scheme, 0, scheme.Length, _ => false, schemeVariables, parts) is null)
        {
            parts.Add(new AuthTemplatePart(AuthVariable.None, "://"));
        }
        else
        {
            return $"has the scheme '{scheme}'; only http and https (lower case) are allowed";
        }

        var authorityStart = separator + 3;
        var authorityEnd = value.IndexOfAny(['/', '?'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = value.Length;
        }

        var authority = value[authorityStart..authorityEnd];
        string? literalHost = null;
        int? port = null;
        if (authority.StartsWith('$'))
        {
            var hostProblem = AuthTemplate.ParseInto(authority, 0, authority.Length, _ => false, hostVariables, parts);
            if (hostProblem is not null)
            {
                return hostProblem + " (a variable must be the whole host)";
            }
        }
        else
        {
            var authorityProblem = ParseAuthority(authority, out literalHost, out port);
            if (authorityProblem is not null)
            {
                return authorityProblem;
            }

            parts.Add(new AuthTemplatePart(AuthVariable.None, authority));
        }

        var rest = value[authorityEnd..];
        if (rest.Length > 0)
        {
            var restProblem = AuthTemplate.ParseInto(value, authorityEnd, value.Length, IsUrlChar, pathVariables, parts);
            if (restProblem is not null)
            {
                return restProblem;
            }
        }

        url = new AuthUrl(FromParts(value, parts), false, literalHost, port, rest.Length == 0 ? "/" : rest);
        return null;
    }

    /// <summary>A host name, IPv4 address or bracketed IPv6 address, with an optional port.</summary>
    private static string? ParseAuthority(string authority, out string? host, out int? port)
    {
        host = null;
        port = null;
        if (authority.Length == 0)
        {
            return "has no host";
        }

        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return "has user information ('@'); credentials do not belong in the URL";
        }

        string hostPart;
        string? portPart = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(authority.AsSpan(1, close - 1), out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || v6.ScopeId != 0)
            {
                return "has an invalid IPv6 host";
            }

            hostPart = v6.ToString();
            if (close + 1 < authority.Length)
            {
                if (authority[close + 1] != ':')
                {
                    return "has an invalid host";
                }

                portPart = authority[(close + 2)..];
            }
        }
        else
        {
            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            hostPart = colon < 0 ? authority : authority[..colon];
            portPart = colon < 0 ? null : authority[(colon + 1)..];
            if (hostPart.Contains("..", StringComparison.Ordinal))
            {
                return "has an invalid host ('..')";
            }

            if (NginxGrammar.HostNameProblem(hostPart) is { } hostProblem)
            {
                return hostProblem;
            }

            hostPart = hostPart.ToLowerInvariant();
        }

        if (portPart is not null)
        {
            if (!NginxGrammar.IsPort(portPart))
            {
                return "has an invalid port (1-65535 are allowed)";
            }

            port = int.Parse(portPart, System.Globalization.CultureInfo.InvariantCulture);
        }

        host = hostPart;
        return null;
    }

    private static AuthTemplate FromParts(string text, List<AuthTemplatePart> parts)
    {
        // Re-parse into one template: the structural checks above have already passed.
        var all = new AuthTemplatePart[parts.Count];
        parts.CopyTo(all);
        return AuthTemplate.FromParts(text, all);
    }

    /// <summary>ingress-nginx's URL characters (<c>URLIsValidRegex</c>) without the space its validator strips.</summary>
    private static bool IsUrlChar(char c) => NginxGrammar.IsBasic(c) || c is ',' or '?' or '&' or '=';
}
