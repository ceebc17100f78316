using Microsoft.AspNetCore.Http;

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
}
