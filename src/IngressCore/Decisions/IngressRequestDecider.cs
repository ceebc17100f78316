using System.Text.RegularExpressions;
using IngressCore.Annotations;
using IngressCore.Backends;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Sources;
using IngressCore.Tls;

namespace IngressCore.Decisions;

/// <summary>
/// Runs a request through the route table and the route's redirect, rewrite and canary policies
/// in ingress-nginx's phase order (docs/annotations.md, "How the engine applies them"): the www redirect (server
/// selection), app-root, location selection, <c>permanent-redirect</c>/<c>temporal-redirect</c>,
/// <c>rewrite-target</c>, the HTTPS redirect, then the canary choice. One pure function shared
/// by the middleware and <c>ingresscore match</c>, so the two always agree. The middleware runs
/// its own phases (body size, CORS, rate limits, source ranges) around it. Allocates nothing for a
/// request that is neither redirected nor rewritten.
/// </summary>
public sealed class IngressRequestDecider
{
    /// <summary>The <see cref="IngressDecision.DecidedBy"/> of the www twin's redirect, answered before anything else.</summary>
    public const string FromToWwwRedirectRule = "from-to-www-redirect";

    /// <summary>The <see cref="IngressDecision.DecidedBy"/> of the app-root redirect, answered before location selection.</summary>
    public const string AppRootRule = "app-root";

    /// <summary>
    /// The <see cref="IngressDecision.DecidedBy"/> of a rewrite-target: its 302 for an absolute target, or
    /// its 500 when the rewritten target is no path (a leading capture without its '/').
    /// </summary>
    public const string RewriteTargetRule = "rewrite-target";

    /// <summary>Creates a decider.</summary>
    /// <param name="sslRedirect">The HTTPS-redirect defaults; ingress-nginx's when <see langword="null"/>.</param>
    /// <param name="canarySeed">Seeds the <c>canary-weight</c> draw for repeatable runs; a shared random source when <see langword="null"/>.</param>
    public IngressRequestDecider(SslRedirectPolicy? sslRedirect = null, int? canarySeed = null)
        : this(sslRedirect, canarySeed is { } seed ? Decisions.CanaryRandom.Seeded(seed) : null)
    {
    }

    /// <summary>Creates a decider with a draw of the caller's (tests).</summary>
    internal IngressRequestDecider(SslRedirectPolicy? sslRedirect, ICanaryRandom? canaryRandom)
    {
        SslRedirect = sslRedirect ?? SslRedirectPolicy.Default;
        CanaryRandom = canaryRandom ?? Decisions.CanaryRandom.Shared;
    }

    /// <summary>The HTTPS-redirect defaults the route's annotations override.</summary>
    public SslRedirectPolicy SslRedirect { get; }

    /// <summary>The canary weight draw.</summary>
    internal ICanaryRandom CanaryRandom { get; }

    /// <summary>Matches a request and decides what answers it.</summary>
    /// <typeparam name="TRequest">The request view.</typeparam>
    /// <param name="table">The route table.</param>
    /// <param name="certificates">The certificate store built from the same Ingresses: it says which hosts have TLS.</param>
    /// <param name="request">The request.</param>
    /// <returns>The decision.</returns>
    public IngressDecision Decide<TRequest>(RouteTable table, SniCertificateStore certificates, TRequest request)
        where TRequest : IIngressRequest, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(table);
        return Decide(table.Match(request.Host, request.Target), certificates, request);
    }

    /// <summary>Decides what answers a request already matched.</summary>
    /// <typeparam name="TRequest">The request view.</typeparam>
    /// <param name="match">The request's match.</param>
    /// <param name="certificates">The certificate store built from the same Ingresses as the table.</param>
    /// <param name="request">The request.</param>
    /// <returns>The decision.</returns>
    public IngressDecision Decide<TRequest>(RouteMatch match, SniCertificateStore certificates, TRequest request)
        where TRequest : IIngressRequest, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var target = request.Target;

        // Phase 0, server selection: the www twin is a server that only redirects.
        if (match.VirtualHost?.RedirectToHost is { } canonical)
        {
            return new(IngressDecisionKind.Redirect, match, FromToWwwRedirectRule, SslRedirect.StatusCode,
                RedirectLocations.ToWwwTwin(request.Scheme, canonical, request.ServerPort, target));
        }

        if (match.Status == RouteMatchStatus.BadRequest)
        {
            return new(IngressDecisionKind.Status, match, "bad-request", 400);
        }

        // Phase 1, server rewrite: app-root answers "/" before any location is chosen.
        if (match.VirtualHost?.AppRoot is { } appRoot && NormalizedPath.IsRoot(target))
        {
            return new(IngressDecisionKind.Redirect, match, AppRootRule, 302,
                RedirectLocations.ToAppRoot(request.Scheme, request.Host, appRoot, target));
        }

        // Phase 3, location rewrite: the redirect annotations, then rewrite-target.
        var policies = match.Policies;
        if (policies.Redirect is { } redirect)
        {
            return new(IngressDecisionKind.Redirect, match, redirect.IsPermanent ? "permanent-redirect" : "temporal-redirect",
                redirect.StatusCode, RedirectLocations.ToConfigured(request.Scheme, request.Host, redirect, policies.RelativeRedirects == true));
        }

        var upstream = target;
        string? forwardedPrefix = null;
        var rewritten = false;
        if (RewriteOf(match, policies) is { } rewrite)
        {
            // One regex run serves the rewrite and the prefix, and none when neither has a capture.
            var prefix = policies.XForwardedPrefix is { Text.Length: > 0 } forwarded ? forwarded : null;
            var captures = rewrite.Target.Template.HasCaptures || prefix is { HasCaptures: true }
                ? UriRewriter.Capture(rewrite.Regex, target)
                : null;
            var result = UriRewriter.Rewrite(rewrite.Target, captures, target);
            if (rewrite.Target.IsRedirect)
            {
                return new(IngressDecisionKind.Redirect, match, RewriteTargetRule, 302, result);
            }

            if (!result.StartsWith('/'))
            {
                // A leading capture without its '/' ("$1" on "/(.*)"): no path. nginx answers 500 for
                // an empty result and sends any other on a request line the backend refuses.
                return new(IngressDecisionKind.Status, match, RewriteTargetRule, 500);
            }

            upstream = result;
            rewritten = true;
            if (prefix is not null)
            {
                forwardedPrefix = UriRewriter.ForwardedPrefix(prefix, captures);
            }
        }

        // Phase 4, Lua rewrite: the HTTPS redirect, then the balancer's canary choice.
        if (SslRedirect.GetRedirectLocation(match, request.Scheme, request.Host, target, certificates, request.ForwardedHost) is { } https)
        {
            return new(IngressDecisionKind.Redirect, match, policies.ForceSslRedirect == true ? "force-ssl-redirect" : "ssl-redirect",
                SslRedirect.StatusCode, https);
        }

        if (match.Route is not { } route)
        {
            return new(IngressDecisionKind.Status, match, "not-found", 404);
        }

        var decidedBy = match.Status == RouteMatchStatus.Matched ? "path" : "default-backend";
        var canary = route.Canary is { Policies.Canary: { } rules }
            ? CanaryDecider.Decide(rules, request, CanaryRandom)
            : CanaryDecision.None;
        return new(IngressDecisionKind.Backend, match, decidedBy,
            route: canary.UseCanary ? route.Canary : route,
            isCanary: canary.UseCanary,
            upstreamTarget: upstream,
            forwardedPrefix: forwardedPrefix,
            canaryRule: canary.DecidedBy,
            isRewritten: rewritten);
    }

    /// <summary>
    /// The rewrite that applies: the matched route's, or for a request no path took, the root
    /// location's (the host's first Ingress's target against the path <c>/</c>, docs/matching.md).
    /// </summary>
    private static (RewriteTarget Target, Regex? Regex)? RewriteOf(RouteMatch match, IngressAnnotations policies)
    {
        if (match.Status == RouteMatchStatus.Matched)
        {
            return match.Route!.RewriteRegex is { } regex ? (policies.RewriteTarget!, regex) : null;
        }

        return RouteTableCompiler.NeedsRewrite(policies, "/") ? (policies.RewriteTarget!, null) : null;
    }
}
