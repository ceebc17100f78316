using Microsoft.Extensions.Primitives;

namespace IngressCore.Sources;

/// <summary>
/// A value that is replaced whole, with a change token that fires after each replacement: what a
/// source publishes its objects with, and the runtime its snapshots. A reader takes the token
/// before the value, so a replacement between the two is never missed.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
internal sealed class Published<T>(T initial)
    where T : class
{
    private readonly Lock _gate = new();
    private volatile T _value = initial;
    private CancellationTokenSource _changed = new();

    /// <summary>The value now.</summary>
    public T Value => _value;

    /// <summary>A token that fires when a newer value has been published.</summary>
    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>
    /// Publishes <paramref name="value"/>, runs <paramref name="published"/> (which sees the value
    /// published, and is seen by whoever the token wakes), then fires the token handed out until now.
    /// </summary>
    public void Publish(T value, Action? published = null)
    {
        CancellationTokenSource fired;
        lock (_gate)
        {
            _value = value;
            fired = _changed;
            _changed = new CancellationTokenSource();
        }

        published?.Invoke();

        // Outside the lock: callbacks run now, and may read the value or take a new token. The
        // source is not disposed: a token handed out earlier may still be registered on.
        fired.Cancel();
    }
}
