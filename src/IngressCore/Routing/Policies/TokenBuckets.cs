using System.Collections.Concurrent;
using System.Net;

namespace IngressCore.Routing.Policies;

/// <summary>
/// One token bucket per client address, refilled continuously at <c>rate</c> tokens a period up to
/// <c>burst</c>: nginx's <c>limit_req</c> with <c>nodelay</c> (a leaky bucket whose excess may reach
/// the burst is the same as a token bucket of that size). Time comes from a
/// <see cref="TimeProvider"/>, so tests drive refills with a fake clock; System.Threading.RateLimiting's
/// token bucket reads <c>Stopwatch</c> itself. A client's bucket is dropped once it has been full for
/// an idle period, which bounds memory by the clients of the last seconds.
/// </summary>
internal sealed class TokenBuckets
{
    /// <summary>How long a full bucket is kept before it is dropped (a new one is the same: full).</summary>
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();
    private readonly double _tokensPerTick;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private long _nextSweep;

    /// <param name="rate">Tokens per <paramref name="period"/>.</param>
    /// <param name="burst">The bucket's size, at least 1.</param>
    /// <param name="period">The period of <paramref name="rate"/>.</param>
    /// <param name="time">The clock.</param>
    public TokenBuckets(int rate, long burst, TimeSpan period, TimeProvider time)
    {
        _time = time;
        _burst = Math.Max(1, burst);
        _tokensPerTick = rate / (period.TotalSeconds * time.TimestampFrequency);
        _nextSweep = time.GetTimestamp() + (long)(IdleAfter.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>How many clients have a bucket now.</summary>
    public int Count => _buckets.Count;

    /// <summary>Takes a token from <paramref name="client"/>'s bucket; <see langword="false"/> when it is empty.</summary>
    public bool TryTake(IPAddress client)
    {
        var now = _time.GetTimestamp();
        if (now >= Volatile.Read(ref _nextSweep))
        {
            Sweep(now);
        }

        // A new client's bucket starts full; GetOrAdd allocates only for a client it does not know.
        var bucket = _buckets.GetOrAdd(client, static (_, state) => new Bucket(state.Burst, state.Now), (Burst: _burst, Now: now));
        lock (bucket)
        {
            bucket.Refill(now, _tokensPerTick, _burst);
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens--;
            return true;
        }
    }

    /// <summary>Drops the buckets that have been full for the idle period: they hold nothing a new bucket would not.</summary>
    private void Sweep(long now)
    {
        var idle = (long)(IdleAfter.TotalSeconds * _time.TimestampFrequency);
        var due = Volatile.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + idle, due) != due)
        {
            return; // another request is sweeping
        }

        foreach (var (client, bucket) in _buckets)
        {
            lock (bucket)
            {
                bucket.Refill(now, _tokensPerTick, _burst);
                if (bucket.Tokens >= _burst && now - bucket.Updated >= idle)
                {
                    _buckets.TryRemove(new KeyValuePair<IPAddress, Bucket>(client, bucket));
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long now)
    {
        public double Tokens { get; set; } = tokens;

        /// <summary>When a token was last taken (or the bucket made): how long it has been idle.</summary>
        public long Updated { get; private set; } = now;

        private long _refilled = now;

        public void Refill(long now, double tokensPerTick, double burst)
        {
            if (now > _refilled)
            {
                Tokens = Math.Min(burst, Tokens + ((now - _refilled) * tokensPerTick));
                _refilled = now;
            }

            if (Tokens < burst)
            {
                Updated = now;
            }
        }
    }
}
