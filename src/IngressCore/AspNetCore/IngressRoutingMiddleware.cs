using IngressCore.Matching;
using IngressCore.Model;
using IngressCore.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IngressCore.AspNetCore;

/// <summary>
/// Routes every request by the Ingress rules, in ingress-nginx's phase order
/// (research/nginx-semantics.md §3): the <see cref="IngressRequestDecider"/>'s www redirect,
/// app-root and bad request, then its redirects, rewrite, HTTPS redirect and canary choice, then
/// not found or the backend, with HSTS on HTTPS responses. It ends the pipeline: a request either
/// gets its backend or an answer here.
/// </summary>
internal sealed partial class IngressRoutingMiddleware(
    IngressState state,
    IngressBackendRegistry backends,
    ILogger<IngressRoutingMiddleware> logger)
{
    private static readonly Func<object, Task> SetHsts = static o =>
    {
        var (context, value) = ((HttpContext, string))o;
        // Replace whatever the backend set: exactly one header, ingress-nginx's value (§4.4).
        context.Response.Headers.StrictTransportSecurity = value;
        return Task.CompletedTask;
    };

    public Task InvokeAsync(HttpContext context)
    {
        var table = state.Routes.Current;
        var target = RequestTarget.PathAndQuery(context);
        var host = context.Request.Headers.Host.ToString();
        var forwarded = state.Proxies.Resolve(context);
        var decision = target is null
            ? state.Decider.Decide(new RouteMatch(RouteMatchStatus.BadRequest, null), state.Certificates.Current, new HttpIngressRequest(context, host, "/", forwarded))
            : state.Decider.Decide(table, state.Certificates.Current, new HttpIngressRequest(context, host, target, forwarded));
        context.Features.Set<IIngressRouteFeature>(new IngressRouteFeature(decision, forwarded.Scheme, forwarded.ClientAddress));

        if (decision.Match.Status == RouteMatchStatus.BadRequest)
        {
            // Refused before any location is chosen, so no location header (HSTS) applies.
            return PlainTextAsync(context, StatusCodes.Status400BadRequest, "400 Bad Request\n");
        }

        // HSTS goes by the connection, not X-Forwarded-Proto, as ingress-nginx's $scheme test does.
        if (state.HstsHeaderValue is { } hsts && context.Request.IsHttps)
        {
            context.Response.OnStarting(SetHsts, (context, hsts));
        }

        if (decision.Kind == IngressDecisionKind.Redirect)
        {
            context.Response.StatusCode = decision.StatusCode;
            context.Response.Headers.Location = decision.Location;
            return Task.CompletedTask;
        }

        if (decision.Route is not { } route)
        {
            return PlainTextAsync(context, StatusCodes.Status404NotFound, "404 Not Found\n");
        }

        if (decision.IsRewritten)
        {
            UpstreamRequest.ApplyRewrite(context, decision);
        }

        UpstreamRequest.ApplyUpstreamHost(context, decision.Match.Policies);
        if ((backends.Find(route) ?? backends.Fallback) is { } branch)
        {
            return branch(context);
        }

        LogNoEndpoints(route.Namespace, route.Backend);
        // The body names no Service: clients learn nothing of the cluster's insides.
        return PlainTextAsync(context, StatusCodes.Status503ServiceUnavailable, "503 Service Unavailable: no endpoints\n");
    }

    private static Task PlainTextAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = body.Length; // ASCII text: one byte a character
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "no endpoints for {Namespace}/{Backend}: no in-process backend is mapped for it")]
    private partial void LogNoEndpoints(string @namespace, IngressBackend backend);
}
