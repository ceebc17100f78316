using System.Net;
using IngressCore.Matching;

namespace IngressCore.AspNetCore;

/// <summary>The middleware's <see cref="IIngressRouteFeature"/>.</summary>
internal sealed class IngressRouteFeature(RouteMatch match, string scheme, IPAddress? clientAddress) : IIngressRouteFeature
{
    public RouteMatch Match { get; } = match;

    public Route? Route => Match.Route;

    public string Scheme { get; } = scheme;

    public IPAddress? ClientAddress { get; } = clientAddress;
}
