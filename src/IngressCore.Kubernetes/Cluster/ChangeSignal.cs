namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// Wakes one loop when something changed: <see cref="Set"/> any number of times, and the next
/// <see cref="WaitAsync"/> returns once, however many sets came before it.
/// </summary>
internal sealed class ChangeSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _set = New();

    public void Set()
    {
        lock (_gate)
        {
            _set.TrySetResult();
        }
    }

    /// <summary>Waits until set since the last wait returned, then clears it: sets that come later wake the next wait.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        Task set;
        lock (_gate)
        {
            set = _set.Task;
        }

        await set.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_set.Task.IsCompleted)
            {
                _set = New();
            }
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
