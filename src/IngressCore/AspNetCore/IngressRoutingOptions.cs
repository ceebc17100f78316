using System.Net;
using IngressCore.Building;
using IngressCore.Canary;
using IngressCore.Matching;
using IngressCore.Model;
using IngressCore.Tls;

namespace IngressCore.AspNetCore;

/// <summary>
/// Configures <c>services.AddIngressRouting(...)</c>: where the Ingresses and certificates come
/// from, which proxies may speak for the client, and the ingress-nginx redirect and HSTS defaults.
/// </summary>
/// <remarks>
/// The route table comes from the first of these that is set: <see cref="RouteTableSource"/>,
/// <see cref="RouteTable"/>, <see cref="Load"/>, else <see cref="Ingresses"/> (empty by default,
/// which answers every request with 404).
/// </remarks>
public sealed class IngressRoutingOptions
{
    /// <summary>The IngressClass served (DESIGN §4.1 rule 6); not used with <see cref="RouteTable"/> or <see cref="RouteTableSource"/>, which carry their own.</summary>
    public string IngressClass { get; set; } = RouteTableOptions.DefaultIngressClass;

    /// <summary>Whether Ingresses that name no class are skipped.</summary>
    public bool IgnoreClassless { get; set; }

    /// <summary>A source you own and reload yourself; <see cref="Load"/> and the file watching are not used with it.</summary>
    public RouteTableSource? RouteTableSource { get; set; }

    /// <summary>A fixed, already built table.</summary>
    public RouteTable? RouteTable { get; set; }

    /// <summary>Ingresses to build the table from when neither a table nor <see cref="Load"/> is given.</summary>
    public IList<IngressDefinition> Ingresses { get; } = [];

    /// <summary>The <c>kubernetes.io/tls</c> Secrets the certificate store is built from (with <see cref="Load"/>, the loaded ones are used instead).</summary>
    public IList<TlsSecret> TlsSecrets { get; } = [];

    /// <summary>
    /// Reads the Ingresses and Secrets, at start and again whenever <see cref="WatchPaths"/> change.
    /// Typically <c>() => ManifestLoader.Load(paths)</c> mapped to <see cref="IngressObjects"/> (IngressCore
    /// itself does not depend on the Kubernetes package). It should report problems as diagnostics,
    /// not throw; an exception is logged and the current table kept.
    /// </summary>
    public Func<IngressObjects>? Load { get; set; }

    /// <summary>Files and folders whose changes make <see cref="Load"/> run again.</summary>
    public IList<string> WatchPaths { get; } = [];

    /// <summary>How long the watched files must be quiet before a reload (editors write in several steps). Default 250 ms.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often the watched files are checked for changes even without a file-system event (events
    /// are lost on some network and container file systems). Default 5 s; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan ReloadCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Options for the certificate store built from the Ingresses and <see cref="TlsSecrets"/>.</summary>
    public SniCertificateStoreOptions? CertificateStoreOptions { get; set; }

    /// <summary>
    /// Proxies whose <c>X-Forwarded-Proto</c>, <c>X-Forwarded-For</c> and <c>X-Forwarded-Host</c> are
    /// believed. Empty by default: from anyone else these headers are ignored (DESIGN §4.3).
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

    /// <summary>The draw behind <c>canary-weight</c>; <see cref="Canary.CanaryRandom.Shared"/> when <see langword="null"/>. Give <see cref="Canary.CanaryRandom.Seeded(int)"/> for repeatable tests.</summary>
    public ICanaryRandom? CanaryRandom { get; set; }

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
}
