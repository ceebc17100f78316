using System.Globalization;
using IngressCore.AspNetCore.Policies;
using IngressCore.Matching;
using IngressCore.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace IngressCore.AspNetCore;

/// <summary>
/// Routes every request by the Ingress rules, in ingress-nginx's phase order as far as it is built
/// (research/nginx-semantics.md §3): bad request → body size → CORS preflight → HTTPS redirect →
/// rate limits → deny/allow ranges → not found → backend (with default-backend and
/// custom-http-errors), with HSTS on HTTPS responses. It ends the pipeline: a request either gets
/// its backend or an answer here.
/// </summary>
internal sealed partial class IngressRoutingMiddleware(
    IngressState state,
    IngressBackendRegistry backends,
    ILogger<IngressRoutingMiddleware> logger)
{
    private readonly ErrorBackends _errorBackends = new(backends);

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

        // ---- request policies, phases 2 and 3a (research/nginx-semantics.md §3) ----
        var policies = match.Policies;
        if (RequestBodyLimit.Rejects(context, policies, state.ProxyBodySize))
        {
            return PlainTextAsync(context, StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large\n");
        }

        if (CorsResponse.AnswersPreflight(context, policies.Cors))
        {
            return Task.CompletedTask;
        }

        // ---- end of phases 2 and 3a ----

        var location = state.Policy.GetRedirectLocation(
            match, forwarded.Scheme, host, target!, state.Certificates.Current, forwarded.ForwardedHost);
        if (location is not null)
        {
            context.Response.StatusCode = state.Policy.StatusCode;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        }

        // ---- request policies, phases 5 and 6: limits, then deny/allow, on every location ----
        if (state.RateLimits.Refuses(context, table, policies, forwarded.ClientAddress) is { } limited)
        {
            return StatusPageAsync(context, limited);
        }

        if (SourceRanges.Refuse(policies, forwarded.ClientAddress))
        {
            return StatusPageAsync(context, StatusCodes.Status403Forbidden);
        }

        // ---- end of phases 5 and 6 ----
        if (match.Route is not { } route)
        {
            return PlainTextAsync(context, StatusCodes.Status404NotFound, "404 Not Found\n");
        }

        if ((backends.Find(route) ?? backends.Fallback) is { } branch)
        {
            return _errorBackends.InvokeAsync(context, branch, route, policies, table);
        }

        if (_errorBackends.TryDefaultBackend(context, route, policies) is { } defaultBackend)
        {
            return defaultBackend;
        }

        LogNoEndpoints(route.Namespace, route.Backend);
        // The body names no Service: clients learn nothing of the cluster's insides.
        return PlainTextAsync(context, StatusCodes.Status503ServiceUnavailable, "503 Service Unavailable: no endpoints\n");
    }

    /// <summary>A plain answer with <c>status</c> and its reason phrase, such as <c>403 Forbidden</c>.</summary>
    internal static Task StatusPageAsync(HttpContext context, int status) =>
        PlainTextAsync(context, status, string.Create(CultureInfo.InvariantCulture, $"{status} {ReasonPhrases.GetReasonPhrase(status)}\n"));

    internal static Task PlainTextAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = body.Length; // ASCII text: one byte a character
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "no endpoints for {Namespace}/{Backend}: no in-process backend is mapped for it")]
    private partial void LogNoEndpoints(string @namespace, IngressBackend backend);
}
