using IngressCore.Sources;
using Microsoft.Extensions.Primitives;

namespace IngressCore.Runtime;

/// <summary>
/// Holds the <see cref="IngressSnapshot"/> requests are served with now. The middleware, the TLS
/// handshake and the forwarder each read <see cref="Current"/> once per request or connection;
/// nothing else is shared between requests. Registered by <c>AddIngressRouting</c>.
/// </summary>
public sealed class IngressRuntime
{
    private readonly Published<IngressSnapshot> _current;

    internal IngressRuntime(IngressSnapshot first)
    {
        _current = new(first);
    }

    /// <summary>The snapshot new requests and connections use.</summary>
    public IngressSnapshot Current => _current.Value;

    /// <summary>
    /// Whether the runtime serves what its sources hold: the snapshot served was built after every
    /// source had delivered its first objects (<see cref="IIngressObjectsProvider.IsReady"/>).
    /// What a readiness probe reports; stays <see langword="true"/> once it is.
    /// </summary>
    public bool IsReady => _ready;

    private volatile bool _ready;

    /// <summary>A token that fires when a newer snapshot has been swapped in.</summary>
    /// <returns>The token.</returns>
    public IChangeToken GetChangeToken() => _current.GetChangeToken();

    /// <summary>
    /// Waits until the snapshot's <see cref="IngressSnapshot.Version"/> is at least
    /// <paramref name="version"/> (for tests and tools that change a source and want to see the result).
    /// </summary>
    /// <param name="version">The version to wait for.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The snapshot that reached the version.</returns>
    public Task<IngressSnapshot> WaitForVersionAsync(long version, CancellationToken cancellationToken = default) =>
        WaitForAsync(s => s.Version >= version, cancellationToken);

    /// <summary>
    /// Waits until a snapshot satisfies <paramref name="condition"/>: the current one, or one swapped
    /// in later. Each snapshot is tested once, when it is swapped in; nothing polls.
    /// </summary>
    /// <param name="condition">What the snapshot must satisfy, such as serving a given Ingress.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The first snapshot that satisfied the condition.</returns>
    public async Task<IngressSnapshot> WaitForAsync(Func<IngressSnapshot, bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            var token = GetChangeToken();
            var current = Current;
            if (condition(current))
            {
                return current;
            }

            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (token.RegisterChangeCallback(static s => ((TaskCompletionSource)s!).TrySetResult(), changed))
            using (cancellationToken.Register(static s => ((TaskCompletionSource)s!).TrySetCanceled(), changed))
            {
                await changed.Task.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Swaps in a new snapshot and fires the change token.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="sourcesReady">Whether every source was ready before the snapshot's objects were read.</param>
    internal void Swap(IngressSnapshot snapshot, bool sourcesReady)
    {
        _current.Publish(snapshot);
        MarkReady(sourcesReady);
    }

    /// <summary>Records that the snapshot served now was built from every source's first objects.</summary>
    internal void MarkReady(bool sourcesReady)
    {
        if (sourcesReady)
        {
            _ready = true;
        }
    }
}
