using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using IngressCore.Annotations;
using IngressCore.Matching;

namespace IngressCore.Routing.Policies;

/// <summary>
/// The rate-limit zones of the served Ingresses (one per Ingress with limits), kept across reloads
/// for every Ingress whose limits did not change, and disposed when dropped. Built for a table by
/// the first request that needs a zone on it. Requests find their
/// zone by their policies' <see cref="RateLimits"/> instance, which all routes of an Ingress (and
/// the host root location it lends its annotations to) share.
/// </summary>
internal sealed class RateLimitZones : IDisposable
{
    private readonly Func<RouteTable> _current;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private RouteTable? _builtFor;
    private Dictionary<string, RateLimitZone> _byIngress = new(StringComparer.Ordinal);
    private Dictionary<RateLimits, RateLimitZone> _own = new(ReferenceEqualityComparer.Instance);
    private volatile Dictionary<RateLimits, RateLimitZone> _lookup = new(ReferenceEqualityComparer.Instance);

    /// <param name="current">The table served now: zones are only ever built for it.</param>
    /// <param name="requestStatusCode">The status of a request over <c>limit-rps</c>/<c>limit-rpm</c>.</param>
    /// <param name="connectionStatusCode">The status of a request over <c>limit-connections</c>.</param>
    /// <param name="time">The clock the token buckets refill by.</param>
    public RateLimitZones(Func<RouteTable> current, int requestStatusCode, int connectionStatusCode, TimeProvider time)
    {
        _current = current;
        _time = time;
        RequestStatusCode = requestStatusCode;
        ConnectionStatusCode = connectionStatusCode;
    }

    /// <summary>The status of a request over <c>limit-rps</c>/<c>limit-rpm</c> (ingress-nginx <c>limit-req-status-code</c>).</summary>
    public int RequestStatusCode { get; }

    /// <summary>The status of a request over <c>limit-connections</c> (ingress-nginx <c>limit-conn-status-code</c>).</summary>
    public int ConnectionStatusCode { get; }

    /// <summary>
    /// Applies the location's limits to the request (phase 5): <c>limit-connections</c>, then
    /// <c>limit-rps</c>, then <c>limit-rpm</c>. Returns the status to refuse it with, or
    /// <see langword="null"/> to go on. A connection permit is held until the response is done.
    /// </summary>
    public int? Refuses(HttpContext context, RouteTable table, IngressAnnotations policies, IPAddress? client)
    {
        if (policies.RateLimits is not { } limits)
        {
            return null;
        }

        // Without an address all such clients share one partition: limited together, not unlimited.
        client ??= IPAddress.None;
        if (limits.Allowlist is { } exempt && exempt.Contains(client))
        {
            return null;
        }

        if (Find(table, limits) is not { } zone)
        {
            return null; // a request still on an older table whose Ingress's limits have since changed: its zone is gone
        }

        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4(); // one partition per client, whichever way it connected
        }

        try
        {
            if (zone.Connections is { } connections)
            {
                var lease = connections.AttemptAcquire(client);
                if (!lease.IsAcquired)
                {
                    lease.Dispose();
                    return ConnectionStatusCode;
                }

                context.Response.RegisterForDispose(lease);
            }

            // nginx checks the per-second zone first; a request refused by the per-minute one has
            // still used its per-second token (nginx would not charge it).
            if (zone.PerSecond?.TryTake(client) == false || zone.PerMinute?.TryTake(client) == false)
            {
                return RequestStatusCode;
            }
        }
        catch (ObjectDisposedException)
        {
            // A reload dropped the zone between the lookup and the acquire; its limits are gone.
            return null;
        }

        return null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var zone in _byIngress.Values)
            {
                zone.Dispose();
            }

            _byIngress.Clear();
            _own = new(ReferenceEqualityComparer.Instance);
            _lookup = _own;
            _builtFor = null;
        }
    }

    private RateLimitZone? Find(RouteTable table, RateLimits limits)
    {
        if (_lookup.TryGetValue(limits, out var zone))
        {
            return zone;
        }

        // The first request with limits on a new table: build for it if it is the current one
        // (never for an older one, whose zones may already be disposed).
        if (!ReferenceEquals(table, _current()))
        {
            return null;
        }

        Rebuild(table);
        return _lookup.GetValueOrDefault(limits);
    }

    private void Rebuild(RouteTable table)
    {
        lock (_gate)
        {
            if (ReferenceEquals(table, _builtFor))
            {
                return;
            }

            var byIngress = new Dictionary<string, RateLimitZone>(StringComparer.Ordinal);
            var own = new Dictionary<RateLimits, RateLimitZone>(ReferenceEqualityComparer.Instance);
            // By Ingress, not by route: a host's root location carries its first Ingress's limits
            // even when no route of that Ingress is served (its paths lost to older ones). A canary's
            // requests run under its primary's limits (docs/annotations.md, canary).
            foreach (var ingress in table.Ingresses)
            {
                if (table.PoliciesOf(ingress) is not { IsCanary: false, RateLimits: { } limits } || own.ContainsKey(limits))
                {
                    continue;
                }

                var key = ingress.QualifiedName;
                if (!byIngress.TryGetValue(key, out var zone))
                {
                    zone = _byIngress.TryGetValue(key, out var previous) && previous.IsFor(limits) ? previous : new RateLimitZone(limits, _time);
                    byIngress.Add(key, zone);
                }

                own.Add(limits, zone);
            }

            // Requests still running on the previous table find the zones that were kept.
            var lookup = new Dictionary<RateLimits, RateLimitZone>(own, ReferenceEqualityComparer.Instance);
            var kept = byIngress.Values.ToHashSet();
            foreach (var (limits, zone) in _own)
            {
                if (kept.Contains(zone))
                {
                    lookup.TryAdd(limits, zone);
                }
            }

            foreach (var zone in _byIngress.Values)
            {
                if (!kept.Contains(zone))
                {
                    zone.Dispose();
                }
            }

            _byIngress = byIngress;
            _own = own;
            _lookup = lookup;
            _builtFor = table;
        }
    }
}
