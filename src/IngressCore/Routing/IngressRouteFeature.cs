using System.Net;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Runtime;

namespace IngressCore.Routing;

/// <summary>The middleware's <see cref="IIngressRouteFeature"/>.</summary>
internal sealed class IngressRouteFeature(IngressSnapshot snapshot, IngressDecision decision, string scheme, IPAddress? clientAddress) : IIngressRouteFeature
{
    public IngressSnapshot Snapshot { get; } = snapshot;

    public IngressDecision Decision { get; } = decision;

    public RouteMatch Match => Decision.Match;

    public Route? Route => Decision.Route ?? Decision.Match.Route;

    public string Scheme { get; } = scheme;

    public IPAddress? ClientAddress { get; } = clientAddress;
}
