using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Annotations;

/// <summary>
/// The <c>nginx.ingress.kubernetes.io/*</c> annotations of one Ingress, each parsed by its own
/// anchored whole-string grammar into a typed value (docs/annotations.md, "How a value is read"). A member is
/// <see langword="null"/> when its annotation is absent (or was refused). Nothing here is ever
/// turned back into text for another program to interpret.
/// </summary>
/// <remarks>
/// <para><see cref="Parse(IngressDefinition, ICollection{IngressDiagnostic}, IngressAnnotationOptions)"/>
/// reports an error for every invalid value, snippet annotation and unenforced access control:
/// the caller then refuses the whole Ingress (<see cref="HasErrors"/>). Unknown and unsupported
/// annotations, canary rules on a non-canary Ingress and settings a canary Ingress ignores are
/// warnings. docs/annotations.md is the support matrix.</para>
/// <para>Parsing is validation only: the route engine applies the values.</para>
/// </remarks>
internal sealed class IngressAnnotations
{
    private const string UseRegexName = "use-regex";
    private const string SslRedirectName = "ssl-redirect";
    private const string ForceSslRedirectName = "force-ssl-redirect";
    private const string SslPassthroughName = "ssl-passthrough";
    private const string PreserveTrailingSlashName = "preserve-trailing-slash";
    private const string FromToWwwRedirectName = "from-to-www-redirect";
    private const string RelativeRedirectsName = "relative-redirects";
    private const string AllowlistName = "allowlist-source-range";
    private const string WhitelistName = "whitelist-source-range";
    private const string DenylistName = "denylist-source-range";
    private const string DisableProxyInterceptErrorsName = "disable-proxy-intercept-errors";
    private const string SatisfyName = "satisfy";
    private const string EnableGlobalAuthName = "enable-global-auth";
    private const string ServiceUpstreamName = "service-upstream";
    private const string ProxyBufferingName = "proxy-buffering";
    private const string ProxyRequestBufferingName = "proxy-request-buffering";

    private IngressAnnotations()
    {
    }

    /// <summary>An Ingress without any annotation under the prefix.</summary>
    public static IngressAnnotations None { get; } = new();

    /// <summary>Whether an error was reported: the Ingress must be refused whole (docs/annotations.md, "What an invalid value does").</summary>
    public bool HasErrors { get; private set; }

    /// <summary>Whether this is a canary Ingress (<c>canary: "true"</c>): <see cref="Canary"/> is set.</summary>
    public bool IsCanary => Canary is not null;

    /// <summary><c>rewrite-target</c>.</summary>
    public RewriteTarget? RewriteTarget { get; private set; }

    /// <summary><c>use-regex</c>: the host's paths are regexes (docs/annotations.md).</summary>
    public bool? UseRegex { get; private set; }

    /// <summary><c>app-root</c>.</summary>
    public AppRoot? AppRoot { get; private set; }

    /// <summary><c>permanent-redirect</c> or <c>temporal-redirect</c> with its code (temporal wins).</summary>
    public RedirectRule? Redirect { get; private set; }

    /// <summary><c>from-to-www-redirect</c>: redirect <c>www.host</c> to <c>host</c> or the reverse (docs/annotations.md).</summary>
    public bool? FromToWwwRedirect { get; private set; }

    /// <summary><c>relative-redirects</c>: send a relative <c>Location</c> as written instead of making it absolute.</summary>
    public bool? RelativeRedirects { get; private set; }

    /// <summary><c>ssl-redirect</c>: redirect HTTP to HTTPS when the host has TLS (ingress-nginx's default is <see langword="true"/>).</summary>
    public bool? SslRedirect { get; private set; }

    /// <summary><c>force-ssl-redirect</c>: redirect HTTP to HTTPS even without TLS on the host.</summary>
    public bool? ForceSslRedirect { get; private set; }

    /// <summary>
    /// <c>ssl-passthrough</c>: the host's TLS connections go to its backend untouched, chosen by the
    /// ClientHello's server name. Host-wide: any Ingress of the host setting it turns it on (docs/tls.md §9).
    /// </summary>
    public bool? SslPassthrough { get; private init; }

    /// <summary><c>preserve-trailing-slash</c>: keep a trailing <c>/</c> in the HTTPS redirect's Location.</summary>
    public bool? PreserveTrailingSlash { get; private set; }

    /// <summary><c>x-forwarded-prefix</c>: the <c>X-Forwarded-Prefix</c> header for rewritten requests.</summary>
    public RewriteTemplate? XForwardedPrefix { get; private init; }

    /// <summary><c>upstream-vhost</c>: the <c>Host</c> header sent to the backend (<c>host[:port]</c>).</summary>
    public string? UpstreamVhost { get; private init; }

    /// <summary><c>backend-protocol</c>.</summary>
    public BackendProtocol? BackendProtocol { get; private init; }

    /// <summary><c>proxy-body-size</c>.</summary>
    public ProxyBodySize? ProxyBodySize { get; private init; }

    /// <summary><c>proxy-connect-timeout</c>, <c>proxy-send-timeout</c>, <c>proxy-read-timeout</c>.</summary>
    public ProxyTimeouts? ProxyTimeouts { get; private init; }

    /// <summary><c>enable-cors</c> and <c>cors-*</c>.</summary>
    public CorsPolicy? Cors { get; private init; }

    /// <summary><c>limit-rps</c>, <c>limit-rpm</c>, <c>limit-connections</c>, <c>limit-burst-multiplier</c>, <c>limit-allowlist</c>.</summary>
    public RateLimits? RateLimits { get; private init; }

    /// <summary><c>allowlist-source-range</c> (or its old name <c>whitelist-source-range</c>): only these clients are served, others get 403.</summary>
    public IpRangeList? Allowlist { get; private init; }

    /// <summary><c>denylist-source-range</c>: these clients get 403; checked before the allowlist, so it wins.</summary>
    public IpRangeList? Denylist { get; private init; }

    /// <summary><c>custom-http-errors</c>: backend status codes (400–599) replaced by the error backend's answer.</summary>
    public IReadOnlyList<int>? CustomHttpErrors { get; private init; }

    /// <summary><c>disable-proxy-intercept-errors</c>: pass the backend's error responses through even with custom-http-errors.</summary>
    public bool? DisableProxyInterceptErrors { get; private init; }

    /// <summary><c>default-backend</c>: the name of a Service in the Ingress's namespace.</summary>
    public string? DefaultBackendService { get; private init; }

    /// <summary><c>canary</c> and its rules, set only on a canary Ingress.</summary>
    public CanaryRules? Canary { get; private init; }

    /// <summary><c>affinity: cookie</c> and <c>session-cookie-*</c>.</summary>
    public SessionAffinity? Affinity { get; private init; }

    /// <summary><c>affinity-canary-behavior</c>, read on a canary Ingress.</summary>
    public AffinityCanaryBehavior? AffinityCanaryBehavior { get; private init; }

    /// <summary><c>auth-url</c> and its family: the external authentication subrequest.</summary>
    public ExternalAuth? ExternalAuth { get; private init; }

    /// <summary><c>auth-type: basic</c>, <c>auth-secret</c>, <c>auth-secret-type</c>, <c>auth-realm</c>.</summary>
    public BasicAuth? BasicAuth { get; private init; }

    /// <summary><c>auth-tls-secret</c> and its family; host-wide, from the host's oldest Ingress that sets it.</summary>
    public ClientCertificateAuth? ClientCertificates { get; private init; }

    /// <summary><c>satisfy</c>: whether one access check letting the request through is enough (default all).</summary>
    public SatisfyMode Satisfy { get; private init; }

    /// <summary><c>server-alias</c>: more names for the Ingress's hosts, sorted.</summary>
    public IReadOnlyList<string>? ServerAliases { get; private init; }

    /// <summary>Whether any access check runs besides the source ranges: basic or external authentication.</summary>
    internal bool HasAuthentication => BasicAuth is not null || ExternalAuth is not null;

    /// <summary><c>load-balance</c>: round-robin or EWMA.</summary>
    public LoadBalanceAlgorithm? LoadBalance { get; private init; }

    /// <summary><c>upstream-hash-by</c>: the consistent-hash key that picks the endpoint.</summary>
    public UpstreamHashBy? UpstreamHashBy { get; private init; }

    /// <summary><c>service-upstream</c>: send to the Service's cluster IP instead of its endpoints.</summary>
    public bool? ServiceUpstream { get; private init; }

    /// <summary><c>proxy-next-upstream</c>, <c>-tries</c>, <c>-timeout</c>: retries on another endpoint.</summary>
    public ProxyNextUpstream? NextUpstream { get; private init; }

    /// <summary><c>proxy-buffering</c>: <c>on</c> or <c>off</c>.</summary>
    public bool? ProxyBuffering { get; private init; }

    /// <summary><c>proxy-request-buffering</c>: <c>on</c> or <c>off</c>.</summary>
    public bool? ProxyRequestBuffering { get; private init; }

    /// <summary><c>proxy-ssl-secret</c> and <c>proxy-ssl-*</c>: TLS to the backend.</summary>
    public ProxySsl? ProxySsl { get; private init; }

    /// <summary><c>custom-headers</c>: the ConfigMap whose entries are added to the response.</summary>
    public (string Namespace, string Name)? CustomHeaders { get; private init; }

    /// <summary>
    /// These policies without ingress-nginx's redirect and rewrite groups (rewrite-target,
    /// use-regex, app-root, the HTTPS-redirect switches, permanent/temporal and www redirects):
    /// what the catch-all Ingress keeps (docs/matching.md; controller.go keeps the
    /// default location's own Redirect and Rewrite configs).
    /// </summary>
    internal IngressAnnotations WithoutRedirects()
    {
        var copy = (IngressAnnotations)MemberwiseClone();
        copy.RewriteTarget = null;
        copy.UseRegex = null;
        copy.AppRoot = null;
        copy.SslRedirect = null;
        copy.ForceSslRedirect = null;
        copy.PreserveTrailingSlash = null;
        copy.Redirect = null;
        copy.FromToWwwRedirect = null;
        copy.RelativeRedirects = null;
        return copy;
    }

    /// <summary>Parses an Ingress's annotations with the default options (ingress-nginx's prefix).</summary>
    /// <param name="ingress">The Ingress.</param>
    /// <param name="diagnostics">Receives an error for each refused value and a warning for each annotation not honoured.</param>
    /// <returns>The parsed annotations.</returns>
    public static IngressAnnotations Parse(IngressDefinition ingress, ICollection<IngressDiagnostic> diagnostics) =>
        Parse(ingress, diagnostics, IngressAnnotationOptions.Default);

    /// <summary>Parses an Ingress's annotations.</summary>
    /// <param name="ingress">The Ingress.</param>
    /// <param name="diagnostics">Receives an error for each refused value and a warning for each annotation not honoured.</param>
    /// <param name="options">The prefix and policies.</param>
    /// <returns>The parsed annotations; when <see cref="HasErrors"/>, the Ingress must be refused.</returns>
    public static IngressAnnotations Parse(
        IngressDefinition ingress, ICollection<IngressDiagnostic> diagnostics, IngressAnnotationOptions options)
    {
        ArgumentNullException.ThrowIfNull(ingress);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(options);

        var reader = new AnnotationReader(ingress, options, diagnostics);
        if (reader.IsEmpty)
        {
            return None;
        }

        // The canary family first: whether this is a canary decides which warnings follow.
        var canary = CanaryRules.Parse(reader);
        var parsed = new IngressAnnotations
        {
            Canary = canary,
            RewriteTarget = RewriteTarget.Parse(reader),
            UseRegex = reader.ReadBool(UseRegexName),
            AppRoot = AppRoot.Parse(reader),
            Redirect = RedirectRule.Parse(reader),
            FromToWwwRedirect = reader.ReadBool(FromToWwwRedirectName),
            RelativeRedirects = reader.ReadBool(RelativeRedirectsName),
            SslRedirect = reader.ReadBool(SslRedirectName),
            ForceSslRedirect = reader.ReadBool(ForceSslRedirectName),
            SslPassthrough = reader.ReadBool(SslPassthroughName),
            PreserveTrailingSlash = reader.ReadBool(PreserveTrailingSlashName),
            XForwardedPrefix = XForwardedPrefixAnnotation.Parse(reader),
            UpstreamVhost = UpstreamVhostAnnotation.Parse(reader),
            BackendProtocol = BackendProtocolAnnotation.Parse(reader),
            ProxyBodySize = ProxyBodySize.Parse(reader),
            ProxyTimeouts = ProxyTimeouts.Parse(reader),
            Cors = CorsPolicy.Parse(reader),
            RateLimits = RateLimits.Parse(reader),
            Allowlist = ReadAllowlist(reader),
            Denylist = IpRangeList.Read(reader, DenylistName),
            CustomHttpErrors = CustomHttpErrorsAnnotation.Parse(reader),
            DisableProxyInterceptErrors = reader.ReadBool(DisableProxyInterceptErrorsName),
            DefaultBackendService = DefaultBackendAnnotation.Parse(reader),
            Affinity = SessionAffinity.Parse(reader),
            AffinityCanaryBehavior = SessionAffinity.ParseCanaryBehavior(reader),
            ExternalAuth = ExternalAuth.Parse(reader),
            BasicAuth = BasicAuth.Parse(reader),
            ClientCertificates = ClientCertificateAuth.Parse(reader),
            Satisfy = ReadSatisfy(reader),
            ServerAliases = Annotations.ServerAliases.Parse(reader),
            LoadBalance = LoadBalanceAnnotation.Parse(reader),
            UpstreamHashBy = UpstreamHashBy.Parse(reader),
            ServiceUpstream = reader.ReadBool(ServiceUpstreamName),
            NextUpstream = ProxyNextUpstream.Parse(reader),
            ProxyBuffering = OnOffAnnotation.Parse(reader, ProxyBufferingName),
            ProxyRequestBuffering = OnOffAnnotation.Parse(reader, ProxyRequestBufferingName),
            ProxySsl = ProxySsl.Parse(reader),
            CustomHeaders = CustomHeadersAnnotation.Parse(reader),
        };

        if (reader.ReadBool(EnableGlobalAuthName) is true)
        {
            // Global external auth (the controller's global-auth-url) is refused where it is configured,
            // so no Ingress is ever subject to it; "false" opts out of nothing.
            reader.Warning(EnableGlobalAuthName, "has no effect: IngressCore has no global external authentication (global-auth-url is refused in the controller configuration)");
        }

        if (canary is not null)
        {
            WarnIgnoredOnCanary(reader);
        }

        ReportUnread(reader);
        // Set last: the sweep above may add errors. Nothing outside this method ever sees it change.
        parsed.HasErrors = reader.HasErrors;
        return parsed;
    }

    /// <summary><c>satisfy</c>: <c>all</c> or <c>any</c> (ingress-nginx's <c>ValidateOptions</c>, trimmed and case-sensitive).</summary>
    private static SatisfyMode ReadSatisfy(AnnotationReader reader)
    {
        var value = reader.Read(SatisfyName);
        switch (value)
        {
            case null or "all":
                return SatisfyMode.All;
            case "any":
                return SatisfyMode.Any;
            default:
                reader.Invalid(SatisfyName, value, "is not all or any");
                return SatisfyMode.All;
        }
    }

    /// <summary><c>allowlist-source-range</c>, or its old name when only that is set (ingress-nginx's alias rule).</summary>
    private static IpRangeList? ReadAllowlist(AnnotationReader reader)
    {
        if (!reader.Has(AllowlistName) && reader.Has(WhitelistName))
        {
            return IpRangeList.Read(reader, WhitelistName);
        }

        var allowlist = IpRangeList.Read(reader, AllowlistName);
        if (reader.Has(WhitelistName))
        {
            reader.MarkRead(WhitelistName);
            reader.Warning(WhitelistName, "ignored: allowlist-source-range, its new name, is also set");
        }

        return allowlist;
    }

    /// <summary>A canary Ingress contributes only its traffic rules and upstream settings (docs/annotations.md).</summary>
    private static void WarnIgnoredOnCanary(AnnotationReader reader)
    {
        foreach (var name in reader.ReadNames.ToList())
        {
            if (!AnnotationCatalog.HonouredOnCanary.Contains(name))
            {
                reader.Warning(name, "ignored on a canary Ingress: the primary Ingress's location settings apply, as in ingress-nginx");
            }
        }
    }

    /// <summary>Snippets and unenforced access control are errors; other unread annotations are warnings.</summary>
    private static void ReportUnread(AnnotationReader reader)
    {
        foreach (var name in reader.UnreadNames.ToList())
        {
            var control = AnnotationText.ScreenControl(reader.RawValue(name));
            if (control is not null)
            {
                reader.Error(name, $"the value {control}");
            }

            if (AnnotationCatalog.IsSnippet(name))
            {
                reader.Error(name, "snippet annotations inject raw nginx configuration and are refused (CVE-2021-25742, CVE-2023-5043); express the behaviour with supported annotations or in code");
            }
            else if (AnnotationCatalog.Unsupported.TryGetValue(name, out var feature))
            {
                reader.Warning(name, $"not supported by IngressCore ({feature}); ignored");
            }
            else
            {
                reader.Warning(name, "is not an ingress-nginx annotation IngressCore knows; ignored");
            }
        }
    }
}
