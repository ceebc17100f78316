using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using IngressCore.Annotations;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Runtime;

/// <summary>
/// ingress-nginx's controller ConfigMap (its <c>--configmap</c>, usually
/// <c>ingress-nginx/ingress-nginx-controller</c>) read into typed settings and applied to
/// <see cref="IngressRoutingOptions"/> (docs/migrating-from-ingress-nginx.md, the controller
/// ConfigMap). Each value is checked by its grammar; an invalid one is an error naming the key. A
/// key IngressCore knows but does not apply, or does not know at all, is a warning naming it.
/// Settings that would weaken what is enforced are refused: <c>global-auth-url</c> (global external
/// authentication is not implemented, and serving without it would publish what it protected).
/// </summary>
public sealed class IngressControllerConfig
{
    private readonly List<Action<IngressRoutingOptions>> _apply = [];

    private IngressControllerConfig()
    {
    }

    /// <summary>Whether an error was reported: the configuration must not be used.</summary>
    public bool HasErrors { get; private set; }

    /// <summary><c>proxy-connect-timeout</c> (seconds), or <see langword="null"/> when absent.</summary>
    public TimeSpan? ProxyConnectTimeout { get; private set; }

    /// <summary><c>proxy-send-timeout</c> (seconds), or <see langword="null"/> when absent.</summary>
    public TimeSpan? ProxySendTimeout { get; private set; }

    /// <summary><c>proxy-read-timeout</c> (seconds), or <see langword="null"/> when absent.</summary>
    public TimeSpan? ProxyReadTimeout { get; private set; }

    /// <summary>The keys read and applied, in order.</summary>
    public IReadOnlyList<string> Applied => [.. _applied];

    private readonly List<string> _applied = [];

    /// <summary>Reads the settings of <paramref name="configMap"/>.</summary>
    /// <param name="configMap">The controller ConfigMap.</param>
    /// <param name="diagnostics">Receives an error for each invalid value and refused key, a warning for each key not applied.</param>
    /// <returns>The settings; when <see cref="HasErrors"/>, do not apply them.</returns>
    public static IngressControllerConfig Parse(ConfigMapDefinition configMap, ICollection<IngressDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var config = new IngressControllerConfig();
        foreach (var (key, raw) in configMap.Data.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            config.Read(configMap, key, raw ?? "", diagnostics);
        }

        return config;
    }

    /// <summary>Sets the options these settings name; the others keep their values.</summary>
    /// <param name="options">The options to change.</param>
    /// <exception cref="InvalidOperationException">The configuration had errors.</exception>
    public void ApplyTo(IngressRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (HasErrors)
        {
            throw new InvalidOperationException("The controller configuration has errors; fix them before applying it.");
        }

        foreach (var apply in _apply)
        {
            apply(options);
        }
    }

    private void Read(ConfigMapDefinition map, string key, string raw, ICollection<IngressDiagnostic> diagnostics)
    {
        void Report(DiagnosticSeverity severity, string message)
        {
            if (severity == DiagnosticSeverity.Error)
            {
                HasErrors = true;
            }

            diagnostics.Add(ObjectDiagnostic.For(severity, "ConfigMap", map.Namespace, map.Name, map.Source, $"data[{Printable.Of(key)}]", message));
        }

        void Invalid(string problem) => Report(DiagnosticSeverity.Error, $"{AnnotationText.Quote(raw)} {problem}");

        void Use(Action<IngressRoutingOptions> apply)
        {
            _apply.Add(apply);
            _applied.Add(key);
        }

        if (AnnotationText.ScreenControl(raw) is { } hostile)
        {
            Report(DiagnosticSeverity.Error, $"the value {hostile}");
            return;
        }

        var value = raw.Trim(' ');
        bool? Bool()
        {
            var parsed = NginxGrammar.ParseBool(value);
            if (parsed is null)
            {
                Invalid($"is not a boolean; use one of {NginxGrammar.BoolForms}");
            }

            return parsed;
        }

        int? Count(int min, int max)
        {
            if (NginxGrammar.ParseCount(value, min, max, out var count) is { } problem)
            {
                Invalid(problem);
                return null;
            }

            return count;
        }

        switch (key)
        {
            case "ssl-redirect":
                if (Bool() is { } sslRedirect)
                {
                    Use(o => o.SslRedirect = sslRedirect);
                }

                break;
            case "force-ssl-redirect":
                if (Bool() is { } force)
                {
                    Use(o => o.ForceSslRedirect = force);
                }

                break;
            case "preserve-trailing-slash":
                if (Bool() is { } preserve)
                {
                    Use(o => o.PreserveTrailingSlash = preserve);
                }

                break;
            case "http-redirect-code":
                if (Count(300, 399) is { } code)
                {
                    if (code is not (301 or 302 or 307 or 308))
                    {
                        Invalid("is not 301, 302, 307 or 308");
                        break;
                    }

                    Use(o => o.HttpRedirectCode = code);
                }

                break;
            case "no-tls-redirect-locations":
            case "no-auth-locations":
                var locations = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (locations.FirstOrDefault(l => !l.StartsWith('/') || !l.All(NginxGrammar.IsBasic)) is { } bad)
                {
                    Invalid($"has '{Printable.Of(bad)}', which is not a path ('/' and [-._~A-Za-z0-9/:])");
                    break;
                }

                Use(o =>
                {
                    var list = key == "no-auth-locations" ? o.NoAuthLocations : o.NoTlsRedirectLocations;
                    list.Clear();
                    foreach (var location in locations)
                    {
                        list.Add(location);
                    }
                });
                break;
            case "hsts":
                if (Bool() is { } hsts)
                {
                    Use(o => o.Hsts.Enabled = hsts);
                }

                break;
            case "hsts-max-age":
                if (Count(0, int.MaxValue) is { } maxAge)
                {
                    Use(o => o.Hsts.MaxAge = TimeSpan.FromSeconds(maxAge));
                }

                break;
            case "hsts-include-subdomains":
                if (Bool() is { } subdomains)
                {
                    Use(o => o.Hsts.IncludeSubDomains = subdomains);
                }

                break;
            case "hsts-preload":
                if (Bool() is { } preload)
                {
                    Use(o => o.Hsts.Preload = preload);
                }

                break;
            case "proxy-body-size":
                if (NginxGrammar.ParseSize(value, out var bytes) is { } sizeProblem)
                {
                    Invalid(sizeProblem);
                    break;
                }

                // 0 is nginx's "no limit".
                Use(o => o.ProxyBodySize = bytes == 0 ? long.MaxValue : bytes);
                break;
            case "proxy-connect-timeout":
                if (Count(1, 3600) is { } connect)
                {
                    ProxyConnectTimeout = TimeSpan.FromSeconds(connect);
                    Use(o => o.ExternalAuth.ConnectTimeout = TimeSpan.FromSeconds(connect));
                }

                break;
            case "proxy-read-timeout":
                if (Count(1, 86400) is { } read)
                {
                    ProxyReadTimeout = TimeSpan.FromSeconds(read);
                    Use(o => o.ExternalAuth.ReadTimeout = TimeSpan.FromSeconds(read));
                }

                break;
            case "proxy-send-timeout":
                if (Count(1, 86400) is { } send)
                {
                    ProxySendTimeout = TimeSpan.FromSeconds(send);
                    _applied.Add(key);
                }

                break;
            case "custom-http-errors":
                var codes = new List<int>();
                foreach (var entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (entry.Length != 3 || !int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 400 or > 599)
                    {
                        Invalid($"has the entry '{Printable.Of(entry)}'; each entry must be an HTTP status code from 400 to 599");
                        return;
                    }

                    if (!codes.Contains(status))
                    {
                        codes.Add(status);
                    }
                }

                Use(o =>
                {
                    o.CustomHttpErrors.Clear();
                    foreach (var status in codes)
                    {
                        o.CustomHttpErrors.Add(status);
                    }
                });
                break;
            case "limit-req-status-code":
            case "limit-conn-status-code":
                if (Count(400, 599) is { } limitStatus)
                {
                    Use(o =>
                    {
                        if (key == "limit-req-status-code")
                        {
                            o.LimitRequestStatusCode = limitStatus;
                        }
                        else
                        {
                            o.LimitConnectionStatusCode = limitStatus;
                        }
                    });
                }

                break;
            case "use-forwarded-headers":
                if (Bool() is { } forwarded)
                {
                    _useForwardedHeaders = forwarded;
                    Use(ApplyForwarded);
                }

                break;
            case "proxy-real-ip-cidr":
                var networks = new List<IPNetwork>();
                foreach (var entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var cidr = entry.Contains('/', StringComparison.Ordinal) ? entry
                        : entry.Contains(':', StringComparison.Ordinal) ? entry + "/128" : entry + "/32";
                    if (!IPNetwork.TryParse(cidr, out var network))
                    {
                        Invalid($"has '{Printable.Of(entry)}', which is not an address or CIDR range");
                        return;
                    }

                    networks.Add(network);
                }

                _realIpCidr = networks;
                _applied.Add(key);
                break;
            case "forwarded-for-header":
                if (!string.Equals(value, "X-Forwarded-For", StringComparison.OrdinalIgnoreCase))
                {
                    Report(DiagnosticSeverity.Warning, $"names {AnnotationText.Quote(value)}; IngressCore reads only X-Forwarded-For (from trusted proxies); ignored");
                }

                break;
            case "allow-snippet-annotations":
                if (Bool() is true)
                {
                    Report(DiagnosticSeverity.Warning, "is true, but snippet annotations stay refused: IngressCore generates no nginx configuration to inject them into");
                }

                break;
            default:
                if (key.StartsWith("global-auth-", StringComparison.Ordinal))
                {
                    Report(DiagnosticSeverity.Error, "global external authentication is not supported by IngressCore; the configuration is refused rather than served without it (put auth-url on the Ingresses it protected)");
                }
                else if (Known.Contains(key))
                {
                    Report(DiagnosticSeverity.Warning, "is an ingress-nginx setting IngressCore does not apply; ignored");
                }
                else
                {
                    Report(DiagnosticSeverity.Warning, "is not an ingress-nginx setting IngressCore knows; ignored");
                }

                break;
        }
    }

    private bool _useForwardedHeaders;
    private List<IPNetwork>? _realIpCidr;

    /// <summary>
    /// <c>use-forwarded-headers</c> believes <c>X-Forwarded-*</c> from <c>proxy-real-ip-cidr</c>
    /// (ingress-nginx's default <c>0.0.0.0/0</c>: everyone), IngressCore's trusted networks.
    /// </summary>
    private void ApplyForwarded(IngressRoutingOptions options)
    {
        if (!_useForwardedHeaders)
        {
            return;
        }

        foreach (var network in _realIpCidr ?? [IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")])
        {
            options.TrustedNetworks.Add(network);
        }
    }

    /// <summary>ingress-nginx's ConfigMap keys (internal/ingress/controller/config, internal/ingress/defaults) that are not applied here.</summary>
    private static readonly FrozenSet<string> Known = FrozenSet.ToFrozenSet(
    [
        "access-log-params", "access-log-path", "add-headers", "allow-backend-server-header", "allow-cross-namespace-resources",
        "annotation-value-word-blocklist", "annotations-risk-level", "bind-address", "bind-address-ipv4", "bind-address-ipv6", "block-cidrs",
        "block-referers", "block-user-agents", "brotli-level", "brotli-min-length", "brotli-types", "client-body-buffer-size",
        "client-body-timeout", "client-header-buffer-size", "client-header-timeout", "compute-full-forwarded-for", "debug-connections",
        "default-type", "denylist-source-range", "disable-access-log", "disable-http-access-log", "disable-ipv6", "disable-ipv6-dns",
        "disable-proxy-intercept-errors", "disable-stream-access-log", "enable-access-log-for-default-backend", "enable-aio-write",
        "enable-auth-access-log", "enable-brotli", "enable-modsecurity", "enable-multi-accept", "enable-ocsp", "enable-opentelemetry",
        "enable-owasp-modsecurity-crs", "enable-real-ip", "enable-serial-reloads", "enable-syslog", "enable-underscores-in-headers",
        "error-log-level", "error-log-path", "forwarded-for-proxy-protocol-header", "forwarded-host-header", "generate-request-id",
        "geoip2-autoreload-in-minutes", "global-allowed-response-headers", "grpc-buffer-size-kb", "gzip-disable", "gzip-level",
        "gzip-min-length", "gzip-types", "hide-headers", "http-access-log-path", "http-snippet", "http2-max-concurrent-streams",
        "http2-max-field-size", "http2-max-header-size", "http2-max-requests", "ignore-invalid-headers", "keep-alive",
        "keep-alive-requests", "large-client-header-buffers", "limit-conn-zone-variable", "limit-rate", "limit-rate-after",
        "load-balance", "location-snippet", "log-format-escape-json", "log-format-escape-none", "log-format-stream",
        "log-format-upstream", "lua-shared-dicts", "main-snippet", "map-hash-bucket-size", "max-worker-connections",
        "max-worker-open-files", "modsecurity-snippet", "nginx-status-ipv4-whitelist", "nginx-status-ipv6-whitelist",
        "opentelemetry-config", "opentelemetry-operation-name", "opentelemetry-trust-incoming-span", "otel-max-export-batch-size",
        "otel-max-queuesize", "otel-sampler", "otel-sampler-parent-based", "otel-sampler-ratio", "otel-schedule-delay-millis",
        "otel-service-name", "otlp-collector-host", "otlp-collector-port", "proxy-add-original-uri-header", "proxy-buffer-size",
        "proxy-buffering", "proxy-buffers-number", "proxy-busy-buffers-size", "proxy-cookie-domain", "proxy-cookie-path",
        "proxy-headers-hash-bucket-size", "proxy-headers-hash-max-size", "proxy-http-version", "proxy-max-temp-file-size",
        "proxy-next-upstream", "proxy-next-upstream-timeout", "proxy-next-upstream-tries", "proxy-protocol-header-timeout",
        "proxy-redirect-from", "proxy-redirect-to", "proxy-request-buffering", "proxy-set-headers", "proxy-ssl-location-only",
        "proxy-stream-next-upstream", "proxy-stream-next-upstream-timeout", "proxy-stream-next-upstream-tries",
        "proxy-stream-responses", "proxy-stream-timeout", "relative-redirects", "retry-non-idempotent", "reuse-port",
        "server-name-hash-bucket-size", "server-name-hash-max-size", "server-snippet", "server-tokens", "service-upstream",
        "skip-access-log-urls", "ssl-buffer-size", "ssl-ciphers", "ssl-dh-param", "ssl-early-data", "ssl-ecdh-curve", "ssl-protocols",
        "ssl-reject-handshake", "ssl-session-cache", "ssl-session-cache-size", "ssl-session-ticket-key", "ssl-session-tickets",
        "ssl-session-timeout", "stream-access-log-path", "stream-snippet", "strict-validate-path-type", "syslog-host", "syslog-port",
        "upstream-hash-by", "upstream-hash-by-subset", "upstream-hash-by-subset-size", "upstream-keepalive-connections",
        "upstream-keepalive-requests", "upstream-keepalive-time", "upstream-keepalive-timeout", "use-geoip2", "use-gzip", "use-http2",
        "use-port-in-redirects", "use-proxy-protocol", "variables-hash-bucket-size", "variables-hash-max-size", "whitelist-source-range",
        "worker-cpu-affinity", "worker-processes", "worker-shutdown-timeout",
    ],
        StringComparer.Ordinal);
}
