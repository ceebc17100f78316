namespace IngressCore.Annotations.Tests.Support;

/// <summary>One valid value for every annotation IngressCore parses, and what each grammar admits.</summary>
internal static class Samples
{
    /// <summary>A valid value per parsed annotation (alone, it gives no error).</summary>
    public static readonly IReadOnlyDictionary<string, string> Valid = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["rewrite-target"] = "/$1",
        ["use-regex"] = "true",
        ["app-root"] = "/app",
        ["permanent-redirect"] = "https://example.com/new",
        ["permanent-redirect-code"] = "308",
        ["temporal-redirect"] = "https://example.com/tmp",
        ["temporal-redirect-code"] = "307",
        ["from-to-www-redirect"] = "true",
        ["relative-redirects"] = "false",
        ["ssl-redirect"] = "false",
        ["force-ssl-redirect"] = "true",
        ["ssl-passthrough"] = "true",
        ["preserve-trailing-slash"] = "true",
        ["x-forwarded-prefix"] = "/api",
        ["upstream-vhost"] = "internal.example.com",
        ["backend-protocol"] = "HTTPS",
        ["proxy-body-size"] = "8m",
        ["proxy-connect-timeout"] = "5",
        ["proxy-send-timeout"] = "60",
        ["proxy-read-timeout"] = "60",
        ["enable-cors"] = "true",
        ["cors-allow-origin"] = "https://app.example.com",
        ["cors-allow-methods"] = "GET, POST",
        ["cors-allow-headers"] = "X-Token",
        ["cors-allow-credentials"] = "false",
        ["cors-max-age"] = "600",
        ["cors-expose-headers"] = "X-Request-Id",
        ["limit-rps"] = "10",
        ["limit-rpm"] = "600",
        ["limit-connections"] = "8",
        ["limit-burst-multiplier"] = "3",
        ["limit-allowlist"] = "10.0.0.0/8",
        ["limit-whitelist"] = "10.0.0.0/8",
        ["allowlist-source-range"] = "10.0.0.0/8",
        ["whitelist-source-range"] = "10.0.0.0/8",
        ["denylist-source-range"] = "192.168.0.0/16",
        ["custom-http-errors"] = "404,503",
        ["disable-proxy-intercept-errors"] = "true",
        ["default-backend"] = "error-pages",
        ["canary"] = "true",
        ["canary-by-header"] = "X-Canary",
        ["canary-by-header-value"] = "yes",
        ["canary-by-header-pattern"] = "^v[0-9]+$",
        ["canary-by-cookie"] = "canary",
        ["canary-weight"] = "10",
        ["canary-weight-total"] = "100",
        ["affinity"] = "cookie",
        ["affinity-mode"] = "persistent",
        ["affinity-canary-behavior"] = "legacy",
        ["session-cookie-name"] = "route",
        ["session-cookie-path"] = "/app",
        ["session-cookie-domain"] = ".example.com",
        ["session-cookie-samesite"] = "Lax",
        ["session-cookie-secure"] = "true",
        ["session-cookie-conditional-samesite-none"] = "true",
        ["session-cookie-change-on-failure"] = "true",
        ["session-cookie-expires"] = "3600",
        ["session-cookie-max-age"] = "3600",
        ["load-balance"] = "ewma",
        ["upstream-hash-by"] = "$request_uri",
        ["service-upstream"] = "true",
        ["proxy-next-upstream"] = "error timeout http_502",
        ["proxy-next-upstream-tries"] = "2",
        ["proxy-next-upstream-timeout"] = "10",
        ["proxy-buffering"] = "on",
        ["proxy-request-buffering"] = "off",
        ["proxy-ssl-secret"] = "shop/backend-ca",
        ["proxy-ssl-verify"] = "on",
        ["proxy-ssl-verify-depth"] = "2",
        ["proxy-ssl-name"] = "backend.internal",
        ["proxy-ssl-server-name"] = "on",
        ["proxy-ssl-protocols"] = "TLSv1.2 TLSv1.3",
        ["custom-headers"] = "shop/custom-headers",
    };

    /// <summary>The annotations whose value is a number (or an nginx size).</summary>
    public static readonly IReadOnlySet<string> Numeric = new HashSet<string>(StringComparer.Ordinal)
    {
        "permanent-redirect-code", "temporal-redirect-code", "proxy-body-size", "proxy-connect-timeout",
        "proxy-send-timeout", "proxy-read-timeout", "cors-max-age", "limit-rps", "limit-rpm", "limit-connections",
        "limit-burst-multiplier", "canary-weight", "canary-weight-total", "session-cookie-expires", "session-cookie-max-age",
        "proxy-next-upstream-tries", "proxy-next-upstream-timeout", "proxy-ssl-verify-depth",
    };

    /// <summary>Characters of the injection set a grammar needs (everything else in it is refused).</summary>
    public static string AllowedSpecials(string name) => name switch
    {
        "rewrite-target" or "x-forwarded-prefix" or "app-root" => "$",
        "canary-by-header-pattern" => "{}\\$",
        "upstream-hash-by" => "${}",
        _ => string.Empty,
    };
}
