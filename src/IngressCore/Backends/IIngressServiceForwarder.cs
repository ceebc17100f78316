using Microsoft.AspNetCore.Http;
using IngressCore.Model;

namespace IngressCore.Backends;

/// <summary>
/// Answers the requests <c>UseIngressRouting</c> routes to a Service that has no in-process branch
/// (<c>MapIngressBackend</c>) and no fallback branch: IngressCore.Proxy's <c>AddForwarding()</c>
/// registers one that forwards to the Service's endpoints. Without one such requests are answered
/// 503. The request's route, decision and snapshot are in its <c>IIngressRouteFeature</c>; the
/// rewrite and <c>upstream-vhost</c> are already applied to the request.
/// </summary>
public interface IIngressServiceForwarder
{
    /// <summary>Sends the request to the Service of its route and relays the answer.</summary>
    /// <param name="context">The request, routed.</param>
    /// <returns>A task that completes when the response is done.</returns>
    Task ForwardAsync(HttpContext context);

    /// <summary>
    /// Sends the request to another Service than its route's: the <c>default-backend</c>
    /// annotation's, the catch-all's or <c>IngressRoutingOptions.DefaultBackendService</c>, which
    /// answer for errors and for requests no rule takes. A backend without a port names the
    /// Service's first port, as ingress-nginx's <c>--default-backend-service</c> does.
    /// </summary>
    /// <param name="context">The request; its route may be <see langword="null"/> (no rule took it).</param>
    /// <param name="namespace">The Service's namespace.</param>
    /// <param name="backend">The Service and, optionally, its port.</param>
    /// <returns>A task that completes when the response is done.</returns>
    Task ForwardAsync(HttpContext context, string @namespace, IngressBackend backend);
}
