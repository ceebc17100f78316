using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Runtime;

namespace IngressCore.Routing;

/// <summary>
/// The middleware's <see cref="IIngressRouteFeature"/>. One instance serves every request of a
/// connection (of an HTTP/2 or HTTP/3 stream) where the server keeps state across them, as Kestrel
/// does through <see cref="IPersistentStateFeature"/>: a connection's requests come one after the
/// other, so the per-request allocation is saved, and like <see cref="HttpContext"/> the feature is
/// valid for its request only.
/// </summary>
internal sealed class IngressRouteFeature : IIngressRouteFeature
{
    // The key of the instance in the connection's persistent state: private, so no one else's.
    private static readonly object StateKey = new();

    private IngressSnapshot _snapshot = null!;
    private IngressDecision _decision;
    private string _scheme = "";

    /// <summary>The feature for a request: the connection's own when the server keeps state across requests, else a new one.</summary>
    public static IngressRouteFeature For(HttpContext context)
    {
        if (context.Features.Get<IPersistentStateFeature>()?.State is not { } state)
        {
            return new IngressRouteFeature();
        }

        if (state.TryGetValue(StateKey, out var kept) && kept is IngressRouteFeature feature)
        {
            return feature;
        }

        feature = new IngressRouteFeature();
        state[StateKey] = feature;
        return feature;
    }

    /// <summary>Sets every member for a new request (none of the last request's survives).</summary>
    public IngressRouteFeature Set(IngressSnapshot snapshot, IngressDecision decision, in ForwardedRequest forwarded, string requestHost)
    {
        _snapshot = snapshot;
        _decision = decision;
        _scheme = forwarded.Scheme;
        ClientAddress = forwarded.ClientAddress;
        ForwardedHost = forwarded.ForwardedHost;
        FromTrustedProxy = forwarded.FromTrustedProxy;
        RequestHost = requestHost;
        return this;
    }

    /// <summary>The Host header as the client sent it, before <c>upstream-vhost</c> replaced it (a forwarder's <c>X-Forwarded-Host</c>).</summary>
    public string RequestHost { get; private set; } = "";

    /// <summary>A trusted proxy's <c>X-Forwarded-Host</c>, or <see langword="null"/>.</summary>
    public string? ForwardedHost { get; private set; }

    /// <summary>Whether the connection's peer is a trusted proxy: a forwarder passes on its <c>X-Forwarded-*</c> and <c>X-Request-ID</c>.</summary>
    public bool FromTrustedProxy { get; private set; }

    public IngressSnapshot Snapshot => _snapshot;

    public IngressDecision Decision => _decision;

    public RouteMatch Match => _decision.Match;

    public Route? Route => _decision.Route ?? _decision.Match.Route;

    public string Scheme => _scheme;

    public IPAddress? ClientAddress { get; private set; }
}
