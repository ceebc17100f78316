using System.Collections.Concurrent;
using System.Net;
using IngressCore.Discovery;
using IngressCore.Model;
using IngressCore.Runtime;

namespace IngressCore.Forwarding.Upstreams;

/// <summary>
/// The forwarder's <see cref="Upstream"/>s: one per Service port of the current snapshot's
/// catalog, made on first use and looked up by the catalog's own <see cref="ServicePortEndpoints"/>
/// instance, so a request pays one reference-keyed lookup. The lasting state (round-robin position,
/// health, EWMA) lives in <see cref="PortState"/>s keyed by Service port and endpoint, so it
/// survives snapshot swaps; <see cref="Prune"/> forgets the endpoints a new catalog no longer has.
/// </summary>
internal sealed class UpstreamRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Namespace, string Service, int Port, bool ClusterIp), PortState> _ports = new();
    private volatile Views _views = new(null, 0);

    /// <summary>The Service ports with lasting state (for tests and diagnostics).</summary>
    public int PortCount => _ports.Count;

    /// <summary>
    /// The upstream of <paramref name="resolved"/> (a port of <paramref name="snapshot"/>'s catalog),
    /// or of the Service's cluster IP with <paramref name="clusterIp"/> (<c>service-upstream</c>) when
    /// the Service has one.
    /// </summary>
    public Upstream Get(IngressSnapshot snapshot, ServicePortEndpoints resolved, bool clusterIp)
    {
        var views = _views;
        if (!ReferenceEquals(views.Catalog, snapshot.Services))
        {
            if (snapshot.Version < views.Version)
            {
                // A request still on an older snapshot: answer it without disturbing the cache.
                return Build(resolved, clusterIp);
            }

            var fresh = new Views(snapshot.Services, snapshot.Version);
            views = Interlocked.CompareExchange(ref _views, fresh, views) == views ? fresh : _views;
            if (!ReferenceEquals(views.Catalog, snapshot.Services))
            {
                return Build(resolved, clusterIp);
            }
        }

        var cache = clusterIp ? views.ClusterIp : views.Endpoints;
        return cache.TryGetValue(resolved, out var upstream)
            ? upstream
            : cache.GetOrAdd(resolved, static (r, state) => state.Registry.Build(r, state.ClusterIp), (Registry: this, ClusterIp: clusterIp));
    }

    /// <summary>
    /// Forgets what <paramref name="catalog"/> no longer has: the state of endpoints gone from
    /// their Service port, and whole ports whose Service or port is gone. Runs off the request
    /// path, when a snapshot is swapped in.
    /// </summary>
    public void Prune(ServiceCatalog catalog)
    {
        foreach (var (key, port) in _ports)
        {
            var resolved = catalog.Resolve(key.Namespace, IngressBackend.ForService(key.Service, key.Port));
            if (resolved.Port is null)
            {
                _ports.TryRemove(key, out _);
                continue;
            }

            if (key.ClusterIp)
            {
                continue;
            }

            foreach (var authority in port.Endpoints.Keys)
            {
                if (!Contains(resolved.Endpoints, authority))
                {
                    port.Endpoints.TryRemove(authority, out _);
                }
            }
        }
    }

    private static bool Contains(IReadOnlyList<ServiceEndpoint> endpoints, string authority)
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (string.Equals(endpoints[i].Authority, authority, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private Upstream Build(ServicePortEndpoints resolved, bool clusterIp)
    {
        var servicePort = resolved.Port?.Port ?? 0;
        IReadOnlyList<ServiceEndpoint> endpoints = resolved.Endpoints;
        var useClusterIp = clusterIp && ClusterIpEndpoint(resolved) is not null;
        if (useClusterIp)
        {
            endpoints = [ClusterIpEndpoint(resolved)!];
        }

        var port = _ports.GetOrAdd(
            (resolved.Namespace, resolved.ServiceName, servicePort, useClusterIp),
            static key => new PortState(key.Namespace, key.Service, key.Port, key.ClusterIp));
        var now = time.GetTimestamp();
        var slowStart = SlowStartEwma(port);
        var states = new EndpointState[endpoints.Count];
        for (var i = 0; i < states.Length; i++)
        {
            var authority = endpoints[i].Authority;
            states[i] = port.Endpoints.GetOrAdd(authority, static (a, s) => new EndpointState(a, s.SlowStart, s.Now), (SlowStart: slowStart, Now: now));
        }

        return new Upstream(port, resolved, states);
    }

    /// <summary>The Service's cluster IP on the Service port, when it has one (not headless, not ExternalName).</summary>
    private static ServiceEndpoint? ClusterIpEndpoint(ServicePortEndpoints resolved) =>
        resolved is { Service: { ClusterIP: { } ip, Type: not "ExternalName" }, Port: { } port } && IPAddress.TryParse(ip, out _)
            ? new ServiceEndpoint(ip, port.Port, ready: true, terminating: false)
            : null;

    /// <summary>
    /// A new endpoint starts at the mean EWMA of the port's known ones, as ingress-nginx's ewma.lua
    /// does, so that it is not flooded for looking idle.
    /// </summary>
    private static double SlowStartEwma(PortState port)
    {
        double total = 0;
        var count = 0;
        foreach (var state in port.Endpoints.Values)
        {
            total += state.RawEwmaSeconds;
            count++;
        }

        return count == 0 ? 0 : total / count;
    }

    private sealed class Views(ServiceCatalog? catalog, long version)
    {
        public ServiceCatalog? Catalog { get; } = catalog;

        public long Version { get; } = version;

        public ConcurrentDictionary<ServicePortEndpoints, Upstream> Endpoints { get; } = new(ReferenceEqualityComparer.Instance);

        public ConcurrentDictionary<ServicePortEndpoints, Upstream> ClusterIp { get; } = new(ReferenceEqualityComparer.Instance);
    }
}
