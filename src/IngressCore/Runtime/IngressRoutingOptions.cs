using System.Net;
using IngressCore.Annotations;
using IngressCore.Building;
using IngressCore.Decisions;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Tls;

namespace IngressCore.Runtime;

/// <summary>
/// Configures <c>services.AddIngressRouting(o => …)</c>: which Ingresses are served, which proxies
/// may speak for the client, and ingress-nginx's controller-wide defaults (redirects, HSTS, body
/// size, rate-limit statuses). Where the objects come from is said on the builder it returns:
/// <c>.LoadFromManifests(…)</c>, <c>.LoadFromMemory(…)</c>, <c>.LoadFromKubernetes(…)</c>.
/// </summary>
/// <remarks>Checked when the host starts: an out-of-range value fails the start with a message naming the option.</remarks>
public sealed class IngressRoutingOptions
{
    /// <summary>
    /// The IngressClass served: an Ingress whose <c>spec.ingressClassName</c> (or legacy
    /// <c>kubernetes.io/ingress.class</c> annotation) names another class is skipped. Default
    /// <c>ingresscore</c>; a team moving from ingress-nginx usually sets <c>nginx</c>. When the
    /// Ingresses loaded name classes but none names this one, a warning names the classes seen.
    /// </summary>
    public string IngressClass { get; set; } = RouteTableOptions.DefaultIngressClass;

    /// <summary>Whether Ingresses that name no class are skipped (served by default).</summary>
    public bool IgnoreClassless { get; set; }

    /// <summary>
    /// The annotation prefix and policies; ingress-nginx's <c>nginx.ingress.kubernetes.io/</c> by default
    /// (docs/annotations.md).
    /// </summary>
    public IngressAnnotationOptions Annotations { get; set; } = IngressAnnotationOptions.Default;

    /// <summary>Options for the certificate store built from the Ingresses' <c>spec.tls</c> and the TLS Secrets.</summary>
    public SniCertificateStoreOptions? CertificateStoreOptions { get; set; }

    /// <summary>
    /// Proxies whose <c>X-Forwarded-Proto</c>, <c>X-Forwarded-For</c> and <c>X-Forwarded-Host</c> are
    /// believed. Empty by default: from anyone else these headers are ignored (docs/serving.md).
    /// </summary>
    public IList<IPAddress> TrustedProxies { get; } = [];

    /// <summary>Networks whose proxies are trusted like <see cref="TrustedProxies"/>.</summary>
    public IList<IPNetwork> TrustedNetworks { get; } = [];

    /// <summary>Redirect plain-HTTP requests for hosts with TLS to HTTPS (ingress-nginx <c>ssl-redirect</c>, default <see langword="true"/>).</summary>
    public bool SslRedirect { get; set; } = true;

    /// <summary>Redirect every plain-HTTP request to HTTPS, TLS configured or not (ingress-nginx <c>force-ssl-redirect</c>, default <see langword="false"/>).</summary>
    public bool ForceSslRedirect { get; set; }

    /// <summary>Keep a trailing <c>/</c> of the request URI in the redirect's Location (ingress-nginx <c>preserve-trailing-slash</c>, default <see langword="false"/>).</summary>
    public bool PreserveTrailingSlash { get; set; }

    /// <summary>The status of HTTPS redirects: 301, 302, 307 or 308 (ingress-nginx <c>http-redirect-code</c>, default 308).</summary>
    public int HttpRedirectCode { get; set; } = 308;

    /// <summary>
    /// Routes whose path starts with one of these are never redirected to HTTPS (ingress-nginx
    /// <c>no-tls-redirect-locations</c>); by default the ACME HTTP-01 challenge path.
    /// </summary>
    public IList<string> NoTlsRedirectLocations { get; } = ["/.well-known/acme-challenge"];

    /// <summary>The <c>Strict-Transport-Security</c> header on HTTPS responses (on by default, as in ingress-nginx).</summary>
    public IngressHstsOptions Hsts { get; } = new();

    /// <summary>
    /// Seeds the draw behind <c>canary-weight</c>, so that a test sees the same canary choices on
    /// every run; <see langword="null"/> (the default) draws from a shared random source.
    /// </summary>
    public int? CanarySeed { get; set; }

    /// <summary>
    /// The largest request body, in bytes, for locations without a <c>proxy-body-size</c> annotation
    /// (ingress-nginx's configmap <c>proxy-body-size</c>, default 1 MiB); larger bodies are answered 413.
    /// <see langword="null"/> leaves Kestrel's own limit (<c>KestrelServerLimits.MaxRequestBodySize</c>).
    /// </summary>
    public long? ProxyBodySize { get; set; } = 1024 * 1024;

    /// <summary>The status of a request over <c>limit-rps</c> or <c>limit-rpm</c>, 400–599 (ingress-nginx <c>limit-req-status-code</c>, default 503).</summary>
    public int LimitRequestStatusCode { get; set; } = 503;

    /// <summary>The status of a request over <c>limit-connections</c>, 400–599 (ingress-nginx <c>limit-conn-status-code</c>, default 503).</summary>
    public int LimitConnectionStatusCode { get; set; } = 503;

    /// <summary>
    /// On a <c>UseIngressTls()</c> endpoint with ssl-passthrough hosts: how long a client may take to
    /// send its whole ClientHello before its connection is closed (default 10 s, as Kestrel's own TLS
    /// handshake timeout). Must be positive.
    /// </summary>
    public TimeSpan PassthroughClientHelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// On a <c>UseIngressTls()</c> endpoint with ssl-passthrough hosts: how long a relayed connection
    /// may stay silent in both directions before it is closed (default 600 s, as ingress-nginx's
    /// <c>proxy-stream-timeout</c>, nginx's <c>proxy_timeout</c> between two successive reads).
    /// Must be positive.
    /// </summary>
    public TimeSpan PassthroughIdleTimeout { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// The Service, as <c>namespace/name</c>, that answers requests no rule and no default backend
    /// takes, instead of the plain 404 (ingress-nginx's <c>--default-backend-service</c>): its
    /// in-process branch (<c>MapIngressBackend</c>), or its endpoints on its first port when
    /// forwarding is added. It also answers <c>custom-http-errors</c> when neither the
    /// <c>default-backend</c> annotation nor a catch-all names one. <see langword="null"/> (the
    /// default): such requests get 404.
    /// </summary>
    public string? DefaultBackendService { get; set; }

    /// <summary>External authentication (<c>auth-url</c>): how long the auth service may take, and the answer cache.</summary>
    public IngressExternalAuthOptions ExternalAuth { get; } = new();

    /// <summary>
    /// Locations (Ingress paths) starting with one of these run no basic or external authentication
    /// (ingress-nginx's <c>no-auth-locations</c>); by default the ACME HTTP-01 challenge path.
    /// </summary>
    public IList<string> NoAuthLocations { get; } = ["/.well-known/acme-challenge"];

    /// <summary>
    /// Backend statuses replaced by the error backend's answer on locations without a
    /// <c>custom-http-errors</c> annotation (ingress-nginx's configmap <c>custom-http-errors</c>); empty by default.
    /// </summary>
    public IList<int> CustomHttpErrors { get; } = [];

    /// <summary>The HTTPS-redirect policy these options stand for (what the gateway and <c>ingresscore match</c> decide with).</summary>
    /// <returns>A new policy.</returns>
    public SslRedirectPolicy ToSslRedirectPolicy() => new()
    {
        SslRedirect = SslRedirect,
        ForceSslRedirect = ForceSslRedirect,
        PreserveTrailingSlash = PreserveTrailingSlash,
        StatusCode = HttpRedirectCode,
        NoTlsRedirectLocations = [.. NoTlsRedirectLocations],
    };

    /// <summary>The route table options these options stand for.</summary>
    internal RouteTableOptions ToRouteTableOptions() => new()
    {
        IngressClass = IngressClass,
        IgnoreClassless = IgnoreClassless,
        Annotations = Annotations,
    };
}
