using Microsoft.Extensions.Time.Testing;

namespace IngressCore.Kubernetes.Tests.Cluster;

/// <summary>
/// A fake clock that also tells which timers were armed, and for how long: a test waits until the
/// source has armed its backoff (or debounce) timer, checks that nothing happens before it is due,
/// then moves the clock.
/// </summary>
internal sealed class ObservedTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _armed = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _armed.Add(dueTime);
            _changed.TrySetResult();
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return timer;
    }

    /// <summary>How many timers have been created with this due time.</summary>
    public int Armed(TimeSpan dueTime)
    {
        lock (_gate)
        {
            return _armed.Count(d => d == dueTime);
        }
    }

    /// <summary>Waits (in real time, bounded) until at least <paramref name="count"/> timers with this due time have been created.</summary>
    public async Task WaitForTimersAsync(TimeSpan dueTime, int count)
    {
        using var cancel = new CancellationTokenSource(ClusterGateway.Timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_armed.Count(d => d == dueTime) >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    throw new TimeoutException($"no {count} timer(s) of {dueTime}; armed: {string.Join(", ", _armed)}");
                }
            }
        }
    }
}
