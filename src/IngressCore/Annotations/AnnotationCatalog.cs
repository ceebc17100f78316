using System.Collections.Frozen;

namespace IngressCore.Annotations;

/// <summary>
/// What IngressCore knows about ingress-nginx's annotations beyond those it parses: which ones it
/// does not support (and why, for the warning), which ones it refuses, and which ones a canary
/// Ingress honours. The full list, with grammars and defaults, is docs/annotations.md.
/// </summary>
internal static class AnnotationCatalog
{
    /// <summary>
    /// ingress-nginx annotations IngressCore does not support, with the feature they belong to. An
    /// Ingress carrying one is served without it, with a warning.
    /// </summary>
    public static readonly FrozenDictionary<string, string> Unsupported = BuildUnsupported();

    /// <summary>
    /// Annotations a canary Ingress honours (docs/annotations.md): its traffic rules and
    /// the upstream-level settings. Everything else comes from the primary's location.
    /// </summary>
    public static readonly FrozenSet<string> HonouredOnCanary = FrozenSet.ToFrozenSet(
        [
            "canary", "canary-by-header", "canary-by-header-value", "canary-by-header-pattern", "canary-by-cookie",
            "canary-weight", "canary-weight-total", "load-balance", "upstream-hash-by", "upstream-hash-by-subset",
            "upstream-hash-by-subset-size", "service-upstream", "affinity", "affinity-mode", "affinity-canary-behavior",
            "session-cookie-name", "session-cookie-path", "session-cookie-domain", "session-cookie-samesite",
            "session-cookie-secure", "session-cookie-conditional-samesite-none", "session-cookie-change-on-failure",
            "session-cookie-expires", "session-cookie-max-age",
        ],
        StringComparer.Ordinal);

    /// <summary>
    /// Whether the annotation injects raw nginx configuration (<c>configuration-snippet</c>,
    /// <c>server-snippet</c>, <c>auth-snippet</c>, <c>stream-snippet</c>, <c>modsecurity-snippet</c>
    /// and any future <c>*-snippet</c>): CVE-2021-25742, CVE-2023-5043.
    /// </summary>
    public static bool IsSnippet(string name) => name.EndsWith("-snippet", StringComparison.Ordinal);

    private static FrozenDictionary<string, string> BuildUnsupported()
    {
        var features = new (string Feature, string[] Names)[]
        {
            ("request and response buffering", ["client-body-buffer-size", "proxy-buffers-number",
                "proxy-buffer-size", "proxy-busy-buffers-size", "proxy-max-temp-file-size"]),
            ("response bandwidth limits", ["limit-rate", "limit-rate-after"]),
            ("response rewriting", ["proxy-cookie-domain", "proxy-cookie-path", "proxy-redirect-from", "proxy-redirect-to"]),
            ("backend connection settings", ["proxy-http-version", "connection-proxy-header"]),
            ("backend TLS cipher lists (OpenSSL syntax)", ["proxy-ssl-ciphers"]),
            ("consistent-hash subsets", ["upstream-hash-by-subset", "upstream-hash-by-subset-size"]),
            ("TLS settings", ["ssl-ciphers", "ssl-prefer-server-ciphers"]),
            ("redirect details", ["use-port-in-redirects"]),
            ("logging and tracing", ["enable-access-log", "enable-rewrite-log", "enable-opentelemetry",
                "opentelemetry-operation-name", "opentelemetry-trust-incoming-span"]),
            ("ModSecurity", ["enable-modsecurity", "enable-owasp-core-rules", "modsecurity-transaction-id"]),
            ("request mirroring", ["mirror-host", "mirror-request-body", "mirror-target"]),
            ("FastCGI", ["fastcgi-index", "fastcgi-params-configmap"]),
            ("HTTP/2 server push", ["http2-push-preload"]),
        };

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (feature, names) in features)
        {
            foreach (var name in names)
            {
                map.Add(name, feature);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
