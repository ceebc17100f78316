using IngressCore.Annotations;

namespace IngressCore.Matching;

/// <summary>The result of matching one request against a <see cref="RouteTable"/>. Allocation-free.</summary>
public readonly struct RouteMatch
{
    internal RouteMatch(RouteMatchStatus status, Route? route, VirtualHost? virtualHost = null)
    {
        Status = status;
        Route = route;
        VirtualHost = virtualHost;
    }

    /// <summary>The virtual host the request host selected: its host-wide policies (app-root, www redirect) apply.</summary>
    internal VirtualHost? VirtualHost { get; }

    /// <summary>The outcome.</summary>
    public RouteMatchStatus Status { get; }

    /// <summary>
    /// The route that takes the request: the matched path rule, or the default backend when
    /// <see cref="Status"/> is <see cref="RouteMatchStatus.DefaultBackend"/>; otherwise <see langword="null"/>.
    /// </summary>
    public Route? Route { get; }

    /// <summary>
    /// The annotation policies the request is subject to: the matched route's; when no path
    /// matched, those of the host's root location (the host's oldest Ingress, as in ingress-nginx,
    /// docs/matching.md) or of the catch-all; <see cref="IngressAnnotations.None"/>
    /// otherwise.
    /// </summary>
    internal IngressAnnotations Policies => Status == RouteMatchStatus.Matched
        ? Route!.Policies
        : VirtualHost?.RootPolicies ?? Route?.Policies ?? IngressAnnotations.None; // no virtual host: the catch-all's, if it took the request

    /// <summary>Whether a path rule matched.</summary>
    public bool Success => Status == RouteMatchStatus.Matched;

    /// <summary>Whether a default backend takes the request.</summary>
    public bool IsDefaultBackend => Status == RouteMatchStatus.DefaultBackend;

    /// <inheritdoc />
    public override string ToString() => Route is null ? Status.ToString() : $"{Status}: {Route}";
}
