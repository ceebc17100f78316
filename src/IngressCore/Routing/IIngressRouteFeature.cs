using System.Net;
using IngressCore.Decisions;
using IngressCore.Runtime;
using IngressCore.Matching;

namespace IngressCore.Routing;

/// <summary>
/// What <c>UseIngressRouting</c> decided for a request, in <c>HttpContext.Features</c> for the
/// backend branch and any later middleware.
/// </summary>
public interface IIngressRouteFeature
{
    /// <summary>The snapshot the request was routed with: its table, certificates and Service endpoints.</summary>
    IngressSnapshot Snapshot { get; }

    /// <summary>The match against the route table (matched, default backend, not found or bad request).</summary>
    RouteMatch Match { get; }

    /// <summary>
    /// What the gateway decided: redirect, status or backend, with the upstream request-target
    /// after any rewrite and whether the canary was chosen.
    /// </summary>
    IngressDecision Decision { get; }

    /// <summary>The route whose backend takes the request: the canary when it was chosen, else <see cref="RouteMatch.Route"/>; or <see langword="null"/>.</summary>
    Route? Route { get; }

    /// <summary>The scheme the client used: the connection's, or a trusted proxy's <c>X-Forwarded-Proto</c>.</summary>
    string Scheme { get; }

    /// <summary>The client's address: the connection's, or the one a trusted proxy names in <c>X-Forwarded-For</c>.</summary>
    IPAddress? ClientAddress { get; }
}
