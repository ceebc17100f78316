using System.Net;
using System.Threading.RateLimiting;
using IngressCore.Annotations;

namespace IngressCore.Routing.Policies;

/// <summary>
/// The limits of one Ingress (docs/annotations.md, rate limits): ingress-nginx's zone
/// <c>&lt;ns&gt;_&lt;name&gt;</c>, shared by every host and path of the Ingress, partitioned by client
/// address. Nothing queues: a request over a limit is refused at once, as nginx's <c>nodelay</c>.
/// </summary>
/// <remarks>
/// <para><c>limit-connections</c>: a <see cref="ConcurrencyLimiter"/> per client. nginx's
/// <c>limit_conn</c> counts the requests being processed (in HTTP/1.1 one per connection at a time),
/// so a permit is held until the response is done.</para>
/// <para><c>limit-rps</c>/<c>limit-rpm</c>: nginx's <c>limit_req</c> is a leaky bucket whose
/// excess may reach <c>burst</c> (= rate × <c>limit-burst-multiplier</c>) and drains at the rate;
/// with <c>nodelay</c> that is a token bucket of <c>burst</c> tokens refilled continuously at the
/// rate (<see cref="TokenBuckets"/>). A fixed or sliding window would instead allow 2× the limit
/// across a window edge. One difference: a brand-new client gets <c>burst</c> requests at once where
/// nginx gives <c>burst + 1</c> (its first request is free).</para>
/// </remarks>
internal sealed class RateLimitZone : IDisposable
{
    public RateLimitZone(RateLimits limits, TimeProvider time)
    {
        Limits = limits;
        if (limits.Connections is { } connections)
        {
            var options = new ConcurrencyLimiterOptions { PermitLimit = connections, QueueLimit = 0 };

            // One cached factory: the partitioner then allocates nothing for a client it already knows.
            Connections = PartitionedRateLimiter.Create<IPAddress, IPAddress>(
                address => RateLimitPartition.Get(address, _ => new ConcurrencyLimiter(options)));
        }

        if (limits.RequestsPerSecond is { } rps)
        {
            PerSecond = new TokenBuckets(rps, limits.RequestsPerSecondBurst!.Value, TimeSpan.FromSeconds(1), time);
        }

        if (limits.RequestsPerMinute is { } rpm)
        {
            PerMinute = new TokenBuckets(rpm, limits.RequestsPerMinuteBurst!.Value, TimeSpan.FromMinutes(1), time);
        }
    }

    /// <summary>The limits the zone was made for.</summary>
    public RateLimits Limits { get; }

    /// <summary><c>limit-connections</c>, or <see langword="null"/>.</summary>
    public PartitionedRateLimiter<IPAddress>? Connections { get; }

    /// <summary><c>limit-rps</c>, or <see langword="null"/>.</summary>
    public TokenBuckets? PerSecond { get; }

    /// <summary><c>limit-rpm</c>, or <see langword="null"/>.</summary>
    public TokenBuckets? PerMinute { get; }

    /// <summary>Whether a zone made for <paramref name="limits"/> would be this one: a reload keeps the zone, and its counts, when they are.</summary>
    public bool IsFor(RateLimits limits) =>
        limits.RequestsPerSecond == Limits.RequestsPerSecond &&
        limits.RequestsPerMinute == Limits.RequestsPerMinute &&
        limits.Connections == Limits.Connections &&
        limits.BurstMultiplier == Limits.BurstMultiplier;

    public void Dispose() => Connections?.Dispose();
}
