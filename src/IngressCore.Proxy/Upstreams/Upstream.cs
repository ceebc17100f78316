using System.Collections.Frozen;
using IngressCore.Discovery;

namespace IngressCore.Forwarding.Upstreams;

/// <summary>
/// One Service port's endpoints as one snapshot has them, with their lasting state: what a request
/// picks from. Made once per catalog and Service port, then shared; the consistent-hash ring and
/// the persistent-affinity map are made on first use.
/// </summary>
internal sealed class Upstream
{
    private HashRing? _ring;
    private FrozenDictionary<string, int>? _persistent;

    public Upstream(PortState port, ServicePortEndpoints source, EndpointState[] endpoints)
    {
        Port = port;
        Source = source;
        Endpoints = endpoints;
    }

    public PortState Port { get; }

    /// <summary>The catalog's view of the port.</summary>
    public ServicePortEndpoints Source { get; }

    /// <summary>The endpoints, in the EndpointSlices' order.</summary>
    public EndpointState[] Endpoints { get; }

    /// <summary>The consistent-hash ring (<c>upstream-hash-by</c>, balanced affinity).</summary>
    public HashRing Ring => _ring ??= HashRing.Build(Endpoints);

    /// <summary>
    /// Persistent affinity: <c>md5(upstream name + address:port)</c> to the endpoint's index, as
    /// ingress-nginx's util/nodemap.lua keys its nodes.
    /// </summary>
    public FrozenDictionary<string, int> PersistentKeys => _persistent ??= Endpoints
        .Select((e, i) => (Key: PortState.Md5Hex(Port.UpstreamName + e.Authority), Index: i))
        .ToFrozenDictionary(p => p.Key, p => p.Index, StringComparer.Ordinal);

    /// <summary>The persistent-affinity key of endpoint <paramref name="index"/>.</summary>
    public string PersistentKey(int index) => PortState.Md5Hex(Port.UpstreamName + Endpoints[index].Authority);
}
