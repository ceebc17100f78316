using System.Net;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Runtime;

namespace IngressCore.Routing;

/// <summary>The middleware's <see cref="IIngressRouteFeature"/>.</summary>
internal sealed class IngressRouteFeature(IngressSnapshot snapshot, IngressDecision decision, string scheme, IPAddress? clientAddress) : IIngressRouteFeature
{
    /// <summary>The Host header as the client sent it, before <c>upstream-vhost</c> replaced it (a forwarder's <c>X-Forwarded-Host</c>).</summary>
    public string RequestHost { get; init; } = "";

    /// <summary>A trusted proxy's <c>X-Forwarded-Host</c>, or <see langword="null"/>.</summary>
    public string? ForwardedHost { get; init; }

    /// <summary>Whether the connection's peer is a trusted proxy: a forwarder passes on its <c>X-Forwarded-*</c> and <c>X-Request-ID</c>.</summary>
    public bool FromTrustedProxy { get; init; }

    public IngressSnapshot Snapshot { get; } = snapshot;

    public IngressDecision Decision { get; } = decision;

    public RouteMatch Match => Decision.Match;

    public Route? Route => Decision.Route ?? Decision.Match.Route;

    public string Scheme { get; } = scheme;

    public IPAddress? ClientAddress { get; } = clientAddress;
}
