using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using IngressCore.Annotations;
using IngressCore.Backends;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Routing.Policies;

/// <summary>
/// <c>default-backend</c> and <c>custom-http-errors</c> (docs/annotations.md): the annotation's
/// Service (same namespace, by its <c>MapIngressBackend</c> branch, else through the forwarder)
/// answers when the route's Service has no backend, and answers in place of the backend when that
/// returns a listed status. <see cref="Runtime.IngressRoutingOptions.DefaultBackendService"/> answers
/// what no rule takes and the errors no other error backend is named for.
/// </summary>
internal sealed class ErrorBackends(
    IngressBackendRegistry backends, IIngressServiceForwarder? forwarder, string? defaultBackendService, IReadOnlyList<int>? defaultCodes = null)
{
    private readonly (string Namespace, IngressBackend Backend)? _globalDefault = defaultBackendService is { } service
        ? (service[..service.IndexOf('/', StringComparison.Ordinal)], new IngressBackend { ServiceName = service[(service.IndexOf('/', StringComparison.Ordinal) + 1)..] })
        : null;

    private RequestDelegate? _forwardToGlobalDefault;

    /// <summary>
    /// The branch of the controller-wide default backend (<c>--default-backend-service</c>): its
    /// in-process branch, else the forwarder; <see langword="null"/> when none is configured or reachable.
    /// </summary>
    public RequestDelegate? GlobalDefault
    {
        get
        {
            if (_globalDefault is not var (ns, backend))
            {
                return null;
            }

            // Looked up per use: MapIngressBackend runs after UseIngressRouting.
            return backends.Find(ns, backend) ?? (forwarder is null ? null : _forwardToGlobalDefault ??= Forward(forwarder, ns, backend));
        }
    }

    // Apart from the getter: a lambda there would capture its locals, and C# allocates the
    // captured variables' holder on every call of the getter, whether or not the lambda is made.
    private static RequestDelegate Forward(IIngressServiceForwarder forwarder, string ns, IngressBackend backend) =>
        context => forwarder.ForwardAsync(context, ns, backend);

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
            (table.CatchAll is { } catchAll ? Branch(catchAll.Namespace, catchAll.Backend) : null) ??
            GlobalDefault;
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
            ? Branch(route.Namespace, new IngressBackend { ServiceName = service })
            : null;

    /// <summary>A Service's in-process branch, else the forwarder sending to it; <see langword="null"/> when neither exists.</summary>
    private RequestDelegate? Branch(string ns, IngressBackend backend) =>
        backends.Find(ns, backend) ?? (forwarder is null ? null : context => forwarder.ForwardAsync(context, ns, backend));

    /// <summary>The headers ingress-nginx sends its error backends (docs/annotations.md, <c>default-backend</c>).</summary>
    internal static void SetErrorHeaders(HttpContext context, Route route, int code)
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
