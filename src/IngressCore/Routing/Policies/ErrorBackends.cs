using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using IngressCore.Annotations;
using IngressCore.Backends;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Routing.Policies;

/// <summary>
/// <c>default-backend</c> and <c>custom-http-errors</c> (research/nginx-semantics.md §4.15) for
/// in-process backends: the annotation's Service (same namespace, by its <c>MapIngressBackend</c>
/// branch) answers when the route's Service has no backend, and answers in place of the backend
/// when that returns a listed status.
/// </summary>
internal sealed class ErrorBackends(IngressBackendRegistry backends, IReadOnlyList<int>? defaultCodes = null)
{
    /// <summary>
    /// Runs the route's backend; with <c>custom-http-errors</c> (and without
    /// <c>disable-proxy-intercept-errors: "true"</c>) a listed status is replaced by the error
    /// backend's answer: the <c>default-backend</c> Service, else the catch-all's backend (ingress-nginx's
    /// global default backend), else a plain status page.
    /// </summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate branch, Route route, IngressAnnotations policies, RouteTable table)
    {
        // The annotation, else the controller's custom-http-errors (IngressRoutingOptions.CustomHttpErrors).
        var codes = policies.CustomHttpErrors ?? (defaultCodes is { Count: > 0 } ? defaultCodes : null);
        if (codes is null || policies.DisableProxyInterceptErrors == true)
        {
            return branch(context);
        }

        return InterceptAsync(context, branch, route, policies, table, codes);
    }

    /// <summary>
    /// For a route whose Service has no backend: the <c>default-backend</c> Service's branch, run with
    /// <c>X-Code: 503</c> and the other <c>X-*</c> headers; its status is passed through. Returns
    /// <see langword="null"/> when there is no such annotation or branch (the caller answers 503).
    /// </summary>
    public Task? TryDefaultBackend(HttpContext context, Route route, IngressAnnotations policies)
    {
        if (FindDefaultBackend(route, policies) is not { } branch)
        {
            return null;
        }

        SetErrorHeaders(context, route, StatusCodes.Status503ServiceUnavailable);
        return branch(context);
    }

    private async Task InterceptAsync(
        HttpContext context, RequestDelegate branch, Route route, IngressAnnotations policies, RouteTable table, IReadOnlyList<int> codes)
    {
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var body = new InterceptingResponseBody(original, context.Response, codes);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        bool intercepted;
        try
        {
            await branch(context);
            await body.FlushWriterAsync();
            intercepted = body.Intercepted;
        }
        finally
        {
            context.Features.Set(original);
        }

        if (!intercepted)
        {
            return;
        }

        var code = context.Response.StatusCode;
        context.Response.Clear(); // the backend's headers go with its body; OnStarting hooks (CORS, HSTS) stay
        var errorBranch = FindDefaultBackend(route, policies) ??
            (table.CatchAll is { } catchAll ? backends.Find(catchAll) : null);
        if (errorBranch is null)
        {
            await IngressRoutingMiddleware.StatusPageAsync(context, code);
            return;
        }

        // nginx's error_page sends the error backend a request for "/"; its status is the answer's.
        SetErrorHeaders(context, route, code);
        context.Request.Path = "/";
        context.Request.QueryString = QueryString.Empty;
        await errorBranch(context);
    }

    private RequestDelegate? FindDefaultBackend(Route route, IngressAnnotations policies) =>
        policies.DefaultBackendService is { } service
            ? backends.Find(route.Namespace, new IngressBackend { ServiceName = service })
            : null;

    /// <summary>The headers ingress-nginx sends its error backends (§4.15).</summary>
    private static void SetErrorHeaders(HttpContext context, Route route, int code)
    {
        var headers = context.Request.Headers;
        var backend = route.Backend;
        headers["X-Code"] = code.ToString(CultureInfo.InvariantCulture);
        headers["X-Format"] = headers.Accept;
        headers["X-Original-URI"] = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value;
        headers["X-Namespace"] = route.Namespace;
        headers["X-Ingress-Name"] = route.IngressName;
        headers["X-Service-Name"] = backend.ServiceName;
        headers["X-Service-Port"] = backend.PortNumber?.ToString(CultureInfo.InvariantCulture) ?? backend.PortName;
        if (string.IsNullOrEmpty(headers["X-Request-ID"]))
        {
            headers["X-Request-ID"] = context.TraceIdentifier;
        }
    }
}
