using System.Collections.Concurrent;

namespace IngressCore.IntegrationTests.Support;

/// <summary>
/// What other threads hand a test (log events, stopped activities), and a wait for those that
/// match, woken by each arrival rather than by polling.
/// </summary>
internal sealed class Arrivals<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Items => [.. _items];

    public void Add(T item)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _items.Enqueue(item);
            arrived = _arrived;
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    /// <summary>Waits until at least one item matches; returns every match. Throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(Func<T, bool> match, TimeSpan timeout, Func<string> what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                arrived = _arrived.Task;
            }

            var found = _items.Where(match).ToList();
            if (found.Count > 0)
            {
                return found;
            }

            try
            {
                await arrived.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"nothing matched within {timeout}: {what()}");
            }
        }
    }
}
