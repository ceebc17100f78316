namespace IngressCore.Kubernetes.Cluster;

/// <summary>Capped exponential backoff: the first wait, then twice the last, never above the cap, until reset.</summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private readonly TimeSpan _initial = initial;
    private TimeSpan _next = initial;

    /// <summary>The wait before the next retry; the one after it is twice as long, up to the cap.</summary>
    public TimeSpan Next()
    {
        var wait = _next;
        _next = _next >= max / 2 ? max : _next * 2;
        return wait < max ? wait : max;
    }

    /// <summary>Starts again from the first wait: what a success does.</summary>
    public void Reset() => _next = _initial;
}
