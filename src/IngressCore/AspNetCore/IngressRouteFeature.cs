using System.Net;
using IngressCore.Matching;
using IngressCore.Pipeline;

namespace IngressCore.AspNetCore;

/// <summary>The middleware's <see cref="IIngressRouteFeature"/>.</summary>
internal sealed class IngressRouteFeature(IngressDecision decision, string scheme, IPAddress? clientAddress) : IIngressRouteFeature
{
    public IngressDecision Decision { get; } = decision;

    public RouteMatch Match => Decision.Match;

    public Route? Route => Decision.Route ?? Decision.Match.Route;

    public string Scheme { get; } = scheme;

    public IPAddress? ClientAddress { get; } = clientAddress;
}
