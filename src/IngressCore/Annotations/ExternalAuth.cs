using System.Collections.Frozen;

namespace IngressCore.Annotations;

/// <summary>
/// <c>auth-url</c> and its family: a subrequest to an authentication service decides each request,
/// as ingress-nginx's <c>auth_request</c> location does (docs/annotations.md, external authentication).
/// </summary>
/// <remarks>
/// Grammars: <c>auth-url</c> and <c>auth-signin</c> are <see cref="AuthUrl"/>s; <c>auth-method</c>
/// one of ingress-nginx's nine methods; <c>auth-response-headers</c> a comma list of header names
/// (<c>[A-Za-z0-9_-]+</c>); <c>auth-request-redirect</c> ingress-nginx's URL characters;
/// <c>auth-signin-redirect-param</c> a query parameter name; <c>auth-cache-key</c> literal
/// <c>[A-Za-z0-9_-]</c> and the variables of <see cref="CacheKeyVariables"/>;
/// <c>auth-cache-duration</c> <see cref="AuthCacheDuration"/>; the keep-alive settings whole
/// numbers; <c>auth-proxy-set-headers</c> a ConfigMap of the Ingress's namespace. ingress-nginx
/// denies the location (503) or drops a setting silently for many invalid values; here each is an
/// error that refuses the Ingress.
/// </remarks>
internal sealed record ExternalAuth
{
    internal const string UrlName = "auth-url";
    internal const string MethodName = "auth-method";
    internal const string SigninName = "auth-signin";
    internal const string SigninRedirectParamName = "auth-signin-redirect-param";
    internal const string ResponseHeadersName = "auth-response-headers";
    internal const string RequestRedirectName = "auth-request-redirect";
    internal const string CacheKeyName = "auth-cache-key";
    internal const string CacheDurationName = "auth-cache-duration";
    internal const string KeepaliveName = "auth-keepalive";
    internal const string KeepaliveRequestsName = "auth-keepalive-requests";
    internal const string KeepaliveTimeoutName = "auth-keepalive-timeout";
    internal const string KeepaliveShareVarsName = "auth-keepalive-share-vars";
    internal const string ProxySetHeadersName = "auth-proxy-set-headers";
    internal const string AlwaysSetCookieName = "auth-always-set-cookie";

    /// <summary>The redirect parameter when <c>auth-signin-redirect-param</c> is absent.</summary>
    public const string DefaultRedirectParam = "rd";

    /// <summary>The variables <c>auth-cache-key</c> may name.</summary>
    public static readonly IReadOnlySet<AuthVariable> CacheKeyVariables = FrozenSet.ToFrozenSet(
        [AuthVariable.Host, AuthVariable.HttpHost, AuthVariable.Scheme, AuthVariable.RequestUri, AuthVariable.RequestMethod,
            AuthVariable.RemoteAddr, AuthVariable.RemoteUser, AuthVariable.Header, AuthVariable.Cookie]);

    /// <summary>The names the family shares; without <c>auth-url</c> they have no effect.</summary>
    internal static readonly string[] DependentNames =
    [
        MethodName, SigninName, SigninRedirectParamName, ResponseHeadersName, RequestRedirectName, CacheKeyName,
        CacheDurationName, KeepaliveName, KeepaliveRequestsName, KeepaliveTimeoutName, KeepaliveShareVarsName,
        ProxySetHeadersName, AlwaysSetCookieName,
    ];

    private static readonly FrozenSet<string> Methods = FrozenSet.ToFrozenSet(
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"], StringComparer.Ordinal);

    // Headers that change how the upstream request is framed or routed: an auth answer may not set them.
    private static readonly FrozenSet<string> FramingHeaders = FrozenSet.ToFrozenSet(
        ["Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "TE", "Trailer", "Keep-Alive", "Proxy-Connection"],
        StringComparer.OrdinalIgnoreCase);

    private ExternalAuth(AuthUrl url) => Url = url;

    /// <summary><c>auth-url</c>.</summary>
    public AuthUrl Url { get; }

    /// <summary><c>auth-method</c>, or <see langword="null"/>: the subrequest is then a GET, as nginx's subrequests are.</summary>
    public string? Method { get; private init; }

    /// <summary><c>auth-signin</c>: where a 401 is redirected (302), or <see langword="null"/>.</summary>
    public AuthUrl? Signin { get; private init; }

    /// <summary><c>auth-signin-redirect-param</c> (default <c>rd</c>).</summary>
    public string SigninRedirectParam { get; private init; } = DefaultRedirectParam;

    /// <summary><c>auth-response-headers</c>: copied from a 2xx auth answer onto the upstream request.</summary>
    public IReadOnlyList<string> ResponseHeaders { get; private init; } = [];

    /// <summary><c>auth-request-redirect</c>: the <c>X-Auth-Request-Redirect</c> value, or <see langword="null"/> for the request-target.</summary>
    public string? RequestRedirect { get; private init; }

    /// <summary><c>auth-cache-key</c>: answers are cached under this key (per host and location), or <see langword="null"/>.</summary>
    public AuthTemplate? CacheKey { get; private init; }

    /// <summary><c>auth-cache-duration</c> (default <c>200 202 401 5m</c>).</summary>
    public IReadOnlyList<AuthCacheDuration> CacheDurations { get; private init; } = AuthCacheDuration.Default;

    /// <summary><c>auth-keepalive</c>: idle connections kept to the auth service; 0 (the default) closes each.</summary>
    public int KeepaliveConnections { get; private init; }

    /// <summary><c>auth-keepalive-requests</c> (default 1000).</summary>
    public int KeepaliveRequests { get; private init; } = 1000;

    /// <summary><c>auth-keepalive-timeout</c> (default 60 s).</summary>
    public TimeSpan KeepaliveTimeout { get; private init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>auth-keepalive-share-vars</c>.</summary>
    public bool KeepaliveShareVars { get; private init; }

    /// <summary><c>auth-proxy-set-headers</c>: the ConfigMap whose entries are sent to the auth service as headers.</summary>
    public ObjectReference? ProxySetHeaders { get; private init; }

    /// <summary><c>auth-always-set-cookie</c>: pass the auth answer's <c>Set-Cookie</c> on every status, not only on success and redirects.</summary>
    public bool AlwaysSetCookie { get; private init; }

    internal static ExternalAuth? Parse(AnnotationReader reader)
    {
        var value = reader.Read(UrlName, allowed: "$");
        AuthUrl? url = null;
        if (value is not null && AuthUrl.ParseAuthUrl(value, out url) is { } problem)
        {
            reader.Invalid(UrlName, value, problem);
        }

        // Every value is checked, with auth-url or without: a hostile value is refused wherever it is.
        var parsed = new ExternalAuth(url!)
        {
            Method = ReadMethod(reader),
            Signin = ReadSignin(reader),
            SigninRedirectParam = ReadRedirectParam(reader),
            ResponseHeaders = ReadResponseHeaders(reader),
            RequestRedirect = ReadRequestRedirect(reader),
            CacheKey = ReadCacheKey(reader),
            CacheDurations = ReadCacheDurations(reader),
            KeepaliveConnections = reader.ReadCount(KeepaliveName) ?? 0,
            KeepaliveRequests = reader.ReadCount(KeepaliveRequestsName, min: 1) ?? 1000,
            KeepaliveTimeout = TimeSpan.FromSeconds(reader.ReadCount(KeepaliveTimeoutName, min: 1) ?? 60),
            KeepaliveShareVars = reader.ReadBool(KeepaliveShareVarsName) ?? false,
            ProxySetHeaders = ObjectReference.Read(reader, ProxySetHeadersName, "ConfigMap"),
            AlwaysSetCookie = reader.ReadBool(AlwaysSetCookieName) ?? false,
        };

        if (value is null)
        {
            foreach (var name in DependentNames.Where(reader.Has))
            {
                reader.Warning(name, "has no effect without auth-url, as in ingress-nginx; ignored");
            }

            return null;
        }

        if (url is null)
        {
            return null;
        }

        if (url.Template.Uses(AuthVariable.Host) && reader.Ingress.Rules.Any(r => string.IsNullOrEmpty(r.Host) || r.Host.StartsWith("*.", StringComparison.Ordinal)))
        {
            reader.Error(UrlName, "uses $host as the auth service's host, but the Ingress has a rule without a host or with a wildcard host: there the client would choose where the subrequest goes");
        }

        if (parsed.KeepaliveConnections > 0 && url.LiteralHost is null)
        {
            reader.Warning(KeepaliveName, "has no effect when auth-url's host is a variable, as in ingress-nginx: every subrequest opens its own connection");
            return parsed with { KeepaliveConnections = 0 };
        }

        return parsed;
    }

    private static string? ReadMethod(AnnotationReader reader)
    {
        var value = reader.Read(MethodName);
        if (value is not null && !Methods.Contains(value))
        {
            reader.Invalid(MethodName, value, "is not one of GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE (upper case)");
            return null;
        }

        return value;
    }

    private static AuthUrl? ReadSignin(AnnotationReader reader)
    {
        var value = reader.Read(SigninName, allowed: "$");
        if (value is null)
        {
            return null;
        }

        var problem = AuthUrl.ParseSignin(value, out var signin);
        if (problem is not null)
        {
            reader.Invalid(SigninName, value, problem);
        }

        return signin;
    }

    private static string ReadRedirectParam(AnnotationReader reader)
    {
        var value = reader.Read(SigninRedirectParamName);
        if (value is null)
        {
            return DefaultRedirectParam;
        }

        if (!value.All(NginxGrammar.IsNameChar))
        {
            reader.Invalid(SigninRedirectParamName, value, "is not a query parameter name (letters, digits, '-', '.', '_', '~')");
            return DefaultRedirectParam;
        }

        return value;
    }

    private static IReadOnlyList<string> ReadResponseHeaders(AnnotationReader reader)
    {
        var value = reader.Read(ResponseHeadersName);
        if (value is null)
        {
            return [];
        }

        var headers = new List<string>();
        foreach (var raw in value.Split(','))
        {
            var item = raw.Trim(' ');
            if (item.Length == 0)
            {
                continue;
            }

            if (!item.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                reader.Invalid(ResponseHeadersName, value, $"has '{item}', which is not a header name ([A-Za-z0-9_-]+)");
                return [];
            }

            if (FramingHeaders.Contains(item))
            {
                reader.Invalid(ResponseHeadersName, value, $"has '{item}', which frames or routes the request; an auth answer may not set it");
                return [];
            }

            if (!headers.Contains(item, StringComparer.OrdinalIgnoreCase))
            {
                headers.Add(item);
            }
        }

        return headers;
    }

    private static string? ReadRequestRedirect(AnnotationReader reader)
    {
        var value = reader.Read(RequestRedirectName);
        if (value is not null && !value.All(c => NginxGrammar.IsBasic(c) || c is ',' or '?' or '&' or '='))
        {
            reader.Invalid(RequestRedirectName, value, "has a character outside ingress-nginx's URL characters ([-._~A-Za-z0-9/:,?&=])");
            return null;
        }

        return value;
    }

    private static AuthTemplate? ReadCacheKey(AnnotationReader reader)
    {
        var value = reader.Read(CacheKeyName, allowed: "$");
        if (value is null)
        {
            return null;
        }

        var problem = AuthTemplate.TryParse(value, c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_', CacheKeyVariables, out var key);
        if (problem is not null)
        {
            reader.Invalid(CacheKeyName, value, problem);
        }

        return key;
    }

    private static IReadOnlyList<AuthCacheDuration> ReadCacheDurations(AnnotationReader reader)
    {
        var value = reader.Read(CacheDurationName);
        if (value is null)
        {
            return AuthCacheDuration.Default;
        }

        var problem = AuthCacheDuration.TryParse(value, out var durations);
        if (problem is not null)
        {
            reader.Invalid(CacheDurationName, value, problem);
        }

        if (!reader.Has(CacheKeyName))
        {
            reader.Warning(CacheDurationName, "has no effect without auth-cache-key: answers are cached only under a key");
        }

        return durations;
    }
}
