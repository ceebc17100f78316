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
        ["auth-url"] = "https://auth.example.com/verify",
        ["auth-method"] = "POST",
        ["auth-signin"] = "https://$host/oauth2/start?rd=$escaped_request_uri",
        ["auth-signin-redirect-param"] = "orig",
        ["auth-response-headers"] = "X-Auth-Request-User, X-Auth-Request-Email",
        ["auth-request-redirect"] = "/dashboard",
        ["auth-cache-key"] = "$cookie__oauth2_proxy",
        ["auth-cache-duration"] = "200 202 10m, 401 1m",
        ["auth-keepalive"] = "10",
        ["auth-keepalive-requests"] = "100",
        ["auth-keepalive-timeout"] = "30",
        ["auth-keepalive-share-vars"] = "true",
        ["auth-proxy-set-headers"] = "auth-headers",
        ["auth-always-set-cookie"] = "true",
        ["auth-secret-type"] = "auth-map",
        ["auth-realm"] = "Protected area",
        ["auth-tls-secret"] = "ca-secret",
        ["auth-tls-verify-client"] = "optional",
        ["auth-tls-verify-depth"] = "2",
        ["auth-tls-error-page"] = "https://example.com/cert-error",
        ["auth-tls-pass-certificate-to-upstream"] = "true",
        ["auth-tls-match-cn"] = "CN=client",
        ["satisfy"] = "any",
        ["server-alias"] = "www.example.com, alt.example.com",
        ["enable-global-auth"] = "false",
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

    /// <summary>
    /// The annotations that are only valid together (a Secret without its auth type, or the reverse, is
    /// refused): a valid value for each, with the companion it needs.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Value, (string Name, string Value) Companion)> Paired =
        new Dictionary<string, (string, (string, string))>(StringComparer.Ordinal)
        {
            ["auth-type"] = ("basic", ("auth-secret", "basic-auth")),
            ["auth-secret"] = ("basic-auth", ("auth-type", "basic")),
        };

    /// <summary>The annotations whose value is a number (or an nginx size).</summary>
    public static readonly IReadOnlySet<string> Numeric = new HashSet<string>(StringComparer.Ordinal)
    {
        "permanent-redirect-code", "temporal-redirect-code", "proxy-body-size", "proxy-connect-timeout",
        "proxy-send-timeout", "proxy-read-timeout", "cors-max-age", "limit-rps", "limit-rpm", "limit-connections",
        "limit-burst-multiplier", "canary-weight", "canary-weight-total", "session-cookie-expires", "session-cookie-max-age",
        "auth-keepalive", "auth-keepalive-requests", "auth-keepalive-timeout", "auth-tls-verify-depth",
        "proxy-next-upstream-tries", "proxy-next-upstream-timeout", "proxy-ssl-verify-depth",
    };

    /// <summary>Characters of the injection set a grammar needs (everything else in it is refused).</summary>
    public static string AllowedSpecials(string name) => name switch
    {
        "rewrite-target" or "x-forwarded-prefix" or "app-root" => "$",
        "canary-by-header-pattern" or "auth-tls-match-cn" => "{}\\$",
        "auth-url" or "auth-signin" or "auth-cache-key" => "$",
        "upstream-hash-by" => "${}",
        _ => string.Empty,
    };

    /// <summary>The address lists, whose entries are trimmed of white space (line breaks included).</summary>
    public static readonly IReadOnlySet<string> TrimmedLists = new HashSet<string>(StringComparer.Ordinal)
    {
        "allowlist-source-range", "whitelist-source-range", "denylist-source-range", "limit-allowlist", "limit-whitelist",
        "server-alias",
    };

    /// <summary>
    /// What the screen every value passes says about <paramref name="value"/> (docs/annotations.md,
    /// "Hostile values"): the first control character, line separator or non-ASCII character, else
    /// the first injection character the grammar does not take; <see langword="null"/> when the screen
    /// lets it through to the grammar. The specification the messages are checked against.
    /// </summary>
    public static string? ScreenRefusal(string name, string value)
    {
        if (value.Length > 4096)
        {
            return $"is {value.Length} characters long; at most 4096 are allowed";
        }

        var screened = TrimmedLists.Contains(name)
            ? string.Join(',', value.Split(',').Select(item => item.Trim(' ', '\t', '\n', '\v', '\f', '\r')))
            : value;
        foreach (var c in screened)
        {
            if (c < ' ' || c is >= '\u007f' and <= '\u009f')
            {
                return $"contains the control character U+{(int)c:X4}";
            }

            if (c is '\u2028' or '\u2029')
            {
                return $"contains the Unicode line separator U+{(int)c:X4}";
            }

            if (c > '~')
            {
                return $"contains the non-ASCII character U+{(int)c:X4}; annotation values are ASCII";
            }
        }

        foreach (var c in screened)
        {
            if ("\"'`{};#\\$".Contains(c, StringComparison.Ordinal) && !AllowedSpecials(name).Contains(c, StringComparison.Ordinal))
            {
                return c == '$'
                    ? "contains '$': nginx variables are not expanded by IngressCore and are not allowed here"
                    : $"contains '{c}', which this annotation does not allow (it is how configuration is injected)";
            }
        }

        return null;
    }
}
