using IngressCore.Matching;
using IngressCore.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IngressCore.AspNetCore;

/// <summary>
/// Routes every request by the Ingress rules, in ingress-nginx's phase order as far as it is built
/// (research/nginx-semantics.md §3): bad request → HTTPS redirect → not found → backend, with HSTS
/// on HTTPS responses. It ends the pipeline: a request either gets its backend or an answer here.
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
        var match = target is null
            ? new RouteMatch(RouteMatchStatus.BadRequest, null)
            : table.Match(host, target);
        var forwarded = state.Proxies.Resolve(context);
        context.Features.Set<IIngressRouteFeature>(new IngressRouteFeature(match, forwarded.Scheme, forwarded.ClientAddress));

        if (match.Status == RouteMatchStatus.BadRequest)
        {
            // Refused before any location is chosen, so no location header (HSTS) applies.
            return PlainTextAsync(context, StatusCodes.Status400BadRequest, "400 Bad Request\n");
        }

        // HSTS goes by the connection, not X-Forwarded-Proto, as ingress-nginx's $scheme test does.
        if (state.HstsHeaderValue is { } hsts && context.Request.IsHttps)
        {
            context.Response.OnStarting(SetHsts, (context, hsts));
        }

        var location = state.Policy.GetRedirectLocation(
            match, forwarded.Scheme, host, target!, state.Certificates.Current, forwarded.ForwardedHost);
        if (location is not null)
        {
            context.Response.StatusCode = state.Policy.StatusCode;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        }

        if (match.Route is not { } route)
        {
            return PlainTextAsync(context, StatusCodes.Status404NotFound, "404 Not Found\n");
        }

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
