namespace IngressCore.Forwarding.Upstreams;

/// <summary>
/// What the forwarder knows about one endpoint of one Service port, kept across snapshots (keyed
/// by Service port and <c>address:port</c>): whether it is set aside after a failure, and its
/// peak EWMA latency and requests in flight for <c>load-balance: ewma</c>. Thread-safe.
/// </summary>
internal sealed class EndpointState
{
    private readonly Lock _gate = new();
    private long _unavailableUntil;
    private int _inFlight;
    private double _ewmaSeconds;
    private long _lastTouched;

    public EndpointState(string authority, double initialEwmaSeconds, long now)
    {
        Authority = authority;
        DestinationPrefix = "http://" + authority;
        TlsDestinationPrefix = "https://" + authority;
        _ewmaSeconds = initialEwmaSeconds;
        _lastTouched = now;
    }

    /// <summary><c>address:port</c> (IPv6 in brackets).</summary>
    public string Authority { get; }

    /// <summary>
    /// The destination YARP sends to, made once. <c>http://</c> even for an HTTP/1.1 TLS backend:
    /// the transport's connect callback wraps the connection in TLS itself (docs/forwarding.md).
    /// </summary>
    public string DestinationPrefix { get; }

    /// <summary>The destination for HTTP/2 over TLS (GRPCS), whose handler opens TLS itself.</summary>
    public string TlsDestinationPrefix { get; }

    /// <summary>Requests being forwarded to the endpoint now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Whether the endpoint takes requests at <paramref name="now"/> (not set aside after a failure).</summary>
    public bool IsAvailable(long now) => Volatile.Read(ref _unavailableUntil) <= now;

    /// <summary>Sets the endpoint aside until <paramref name="until"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public void SetAside(long until) => Volatile.Write(ref _unavailableUntil, until);

    /// <summary>Takes the endpoint back after it answered.</summary>
    public void MarkAnswered()
    {
        if (Volatile.Read(ref _unavailableUntil) != 0)
        {
            Volatile.Write(ref _unavailableUntil, 0);
        }
    }

    public void Begin() => Interlocked.Increment(ref _inFlight);

    /// <summary>Ends a request that took <paramref name="seconds"/>, folding it into the peak EWMA.</summary>
    public void End(double seconds, long now, double decaySeconds, long frequency)
    {
        Interlocked.Decrement(ref _inFlight);
        lock (_gate)
        {
            // Peak EWMA (Finagle's PeakEwma, as ingress-nginx's ewma.lua cites): a slower sample is
            // taken at once, a faster one is blended in with a weight that grows with the idle time.
            var weight = Weight(_lastTouched, now, decaySeconds, frequency);
            _ewmaSeconds = seconds > _ewmaSeconds ? seconds : (_ewmaSeconds * weight) + (seconds * (1 - weight));
            _lastTouched = now;
        }
    }

    /// <summary>The EWMA latency at <paramref name="now"/>, decayed towards 0 since the last sample.</summary>
    public double EwmaSeconds(long now, double decaySeconds, long frequency)
    {
        lock (_gate)
        {
            return Decay(_ewmaSeconds, _lastTouched, now, decaySeconds, frequency);
        }
    }

    /// <summary>The raw EWMA, for a new endpoint's slow start.</summary>
    public double RawEwmaSeconds
    {
        get
        {
            lock (_gate)
            {
                return _ewmaSeconds;
            }
        }
    }

    /// <summary>The cost EWMA picks by: latency times (requests in flight + 1).</summary>
    public double Cost(long now, double decaySeconds, long frequency) =>
        EwmaSeconds(now, decaySeconds, frequency) * (InFlight + 1);

    private static double Weight(long then, long now, double decaySeconds, long frequency)
    {
        var elapsed = Math.Max(0, now - then) / (double)frequency;
        return Math.Exp(-elapsed / decaySeconds);
    }

    private static double Decay(double ewma, long then, long now, double decaySeconds, long frequency) =>
        ewma * Weight(then, now, decaySeconds, frequency);
}
