using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using IngressCore.Annotations;
using IngressCore.Authentication;
using IngressCore.Routing;
using IngressCore.Backends;
using IngressCore.Passthrough;
using IngressCore.Runtime;
using IngressCore.Sources;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Model;
using IngressCore.Routing.Policies;

namespace IngressCore.Routing;

/// <summary>
/// Routes every request by the Ingress rules, in ingress-nginx's phase order
/// (docs/annotations.md, "The order of the phases"): the <see cref="IngressRequestDecider"/>'s www redirect,
/// bad request and app-root; body size; CORS preflight; the decider's redirects, rewrite, HTTPS
/// redirect and canary choice; rate limits; deny/allow ranges; then not found or the backend
/// (with default-backend and custom-http-errors), with HSTS on HTTPS responses. The backend is the
/// Service's in-process branch, else the fallback branch, else the forwarder (IngressCore.Proxy),
/// else 503. It ends the pipeline: a request either gets its backend or an answer here.
/// </summary>
internal sealed partial class IngressRoutingMiddleware(
    IngressRuntime runtime,
    RoutingSettings state,
    IngressBackendRegistry backends,
    IIngressServiceForwarder? forwarder,
    ILogger<IngressRoutingMiddleware> logger)
{
    private readonly ErrorBackends _errorBackends = new(backends, forwarder, state.DefaultBackendService, state.CustomHttpErrors);
    private readonly RequestDelegate? _forward = forwarder is null ? null : forwarder.ForwardAsync;

    // The client-certificate error page routes its request again (nginx's internal redirect).
    private Func<HttpContext, Task>? _reroute;

    // Made once, with the context as its state: a callback per request would be an allocation.
    private Func<object, Task>? _setHsts;

    private Func<object, Task> SetHsts => _setHsts ??= o =>
    {
        // Replace whatever the backend set: exactly one header, ingress-nginx's value.
        ((HttpContext)o).Response.Headers.StrictTransportSecurity = state.HstsHeaderValue;
        return Task.CompletedTask;
    };

    public Task InvokeAsync(HttpContext context)
    {
        if (RequestFraming.Check(context) is { } refusal)
        {
            return RequestFraming.RefuseAsync(context, refusal);
        }

        var snapshot = runtime.Current;
        var table = snapshot.Routes;
        var target = RequestTarget.PathAndQuery(context);
        var host = context.Request.Headers.Host.ToString();
        var forwarded = state.Proxies.Resolve(context);
        var decision = target is null
            ? state.Decider.Decide(new RouteMatch(RouteMatchStatus.BadRequest, null), snapshot.Certificates, new HttpIngressRequest(context, host, "/", forwarded))
            : state.Decider.Decide(table, snapshot.Certificates, new HttpIngressRequest(context, host, target, forwarded));
        context.Features.Set<IIngressRouteFeature>(IngressRouteFeature.For(context).Set(snapshot, decision, forwarded, host));

        if (decision.Match.Status == RouteMatchStatus.BadRequest)
        {
            // Refused before any location is chosen, so no location header (HSTS) applies.
            return PlainTextAsync(context, StatusCodes.Status400BadRequest, "400 Bad Request\n");
        }

        // HSTS goes by the connection, not X-Forwarded-Proto, as ingress-nginx's $scheme test does.
        if (state.HstsHeaderValue is not null && context.Request.IsHttps)
        {
            context.Response.OnStarting(SetHsts, context);
        }

        // Client certificates (auth-tls-*), checked once the request head is read, as nginx does.
        if (ClientCertificateCheck.Check(context, snapshot, decision, state.Time, _reroute ??= InvokeAsync, out var certificate) is { } certificateRefusal)
        {
            return certificateRefusal;
        }

        // Phases 0 and 1, before any location is chosen: the www twin and app-root.
        if (decision.Kind == IngressDecisionKind.Redirect && decision.DecidedBy is IngressRequestDecider.FromToWwwRedirectRule or IngressRequestDecider.AppRootRule)
        {
            return RedirectAsync(context, decision);
        }

        // ---- request policies, phases 2 and 3a ----
        var policies = decision.Match.Policies;
        if (RequestBodyLimit.Rejects(context, policies, state.ProxyBodySize))
        {
            return PlainTextAsync(context, StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large\n");
        }

        if (CorsResponse.AnswersPreflight(context, policies.Cors))
        {
            return Task.CompletedTask;
        }

        // ---- end of phases 2 and 3a ----

        // Phases 3b to 4: permanent/temporal redirects, an absolute rewrite-target, the HTTPS redirect.
        if (decision.Kind == IngressDecisionKind.Redirect)
        {
            return RedirectAsync(context, decision);
        }

        // A rewrite-target that gave no path fails in the rewrite phase, as in nginx: before access checks.
        if (decision.Kind == IngressDecisionKind.Status && decision.DecidedBy == IngressRequestDecider.RewriteTargetRule)
        {
            return StatusPageAsync(context, decision.StatusCode);
        }

        // ---- request policies, phases 5 and 6: limits, then deny/allow, on every location ----
        if (state.RateLimits.Refuses(context, table, policies, forwarded.ClientAddress) is { } limited)
        {
            return StatusPageAsync(context, limited);
        }

        // With basic or external auth the ranges join them in the access phase, combined by satisfy.
        if (state.Access.Applies(policies, decision.Match.Route?.Path ?? "/"))
        {
            return AuthenticateAsync(context, snapshot, decision, forwarded, certificate, table);
        }

        if (SourceRanges.Refuse(policies, forwarded.ClientAddress))
        {
            return StatusPageAsync(context, StatusCodes.Status403Forbidden);
        }

        // ---- end of phases 5 and 6 ----
        return BackendAsync(context, decision, table, certificate);
    }

    /// <summary>The access phase with authentication, then (when it lets the request through) the backend.</summary>
    private async Task AuthenticateAsync(HttpContext context, IngressSnapshot snapshot, IngressDecision decision, ForwardedRequest forwarded, ClientCertificateResult? certificate, RouteTable table)
    {
        if (await state.Access.AllowAsync(context, snapshot, decision, forwarded, certificate))
        {
            await BackendAsync(context, decision, table, certificate);
        }
    }

    /// <summary>Phase 7: the route's backend, its default backend, 404 or 503.</summary>
    private Task BackendAsync(HttpContext context, IngressDecision decision, RouteTable table, ClientCertificateResult? certificate)
    {
        var policies = decision.Match.Policies;
        if (decision.Match.VirtualHost?.ClientCertificates is { } clientCertificates)
        {
            ClientCertificateCheck.SetHeaders(context.Request.Headers, clientCertificates, certificate);
        }

        if (decision.Route is not { } route)
        {
            // No rule took it: the controller's default backend when one is configured.
            return _errorBackends.GlobalDefault is { } globalDefault
                ? globalDefault(context)
                : PlainTextAsync(context, StatusCodes.Status404NotFound, "404 Not Found\n");
        }

        if (decision.IsRewritten)
        {
            UpstreamRequest.ApplyRewrite(context, decision);
        }

        UpstreamRequest.ApplyUpstreamHost(context, decision.Match.Policies);
        if ((backends.Find(route) ?? backends.Fallback ?? _forward) is { } branch)
        {
            return _errorBackends.InvokeAsync(context, branch, route, policies, table);
        }

        if (_errorBackends.TryDefaultBackend(context, route, policies) is { } defaultBackend)
        {
            return defaultBackend;
        }

        LogNoEndpoints(route.Namespace, route.Backend);
        NoEndpoints(context, route);
        // The body names no Service: clients learn nothing of the cluster's insides.
        return PlainTextAsync(context, StatusCodes.Status503ServiceUnavailable, "503 Service Unavailable: no endpoints\n");
    }

    /// <summary>Records, for the access log and the metrics, that the Service had nowhere to send the request.</summary>
    private static void NoEndpoints(HttpContext context, Route route)
    {
        var upstream = context.Features.Get<IngressUpstreamFeature>();
        if (upstream is null)
        {
            upstream = new IngressUpstreamFeature();
            context.Features.Set(upstream);
        }

        upstream.Service ??= route.Names.Service;
        upstream.Error = "no endpoints";
    }

    private static Task RedirectAsync(HttpContext context, IngressDecision decision)
    {
        context.Response.StatusCode = decision.StatusCode;
        context.Response.Headers.Location = decision.Location;
        return Task.CompletedTask;
    }

    /// <summary>A plain answer with <c>status</c> and its reason phrase, such as <c>403 Forbidden</c>.</summary>
    internal static Task StatusPageAsync(HttpContext context, int status) =>
        PlainTextAsync(context, status, StatusPages.Text(status));

    /// <summary>
    /// Answers <c>status</c> with an ASCII <c>body</c>, written straight into the response's pipe:
    /// no encoder, no copy, and no task when the flush completes at once (as it does for a body
    /// this small), so an answer of our own costs no allocation.
    /// </summary>
    internal static Task PlainTextAsync(HttpContext context, int status, string body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = body.Length; // ASCII text: one byte a character
        var writer = response.BodyWriter;
        writer.Advance(Encoding.ASCII.GetBytes(body, writer.GetSpan(body.Length)));
        var flush = writer.FlushAsync(context.RequestAborted);
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "no endpoints for {Namespace}/{Backend}: no in-process backend is mapped for it and forwarding is not added")]
    private partial void LogNoEndpoints(string @namespace, IngressBackend backend);
}
