namespace IngressCore.Runtime;

/// <summary>
/// Told of every snapshot build by the <see cref="IngressSnapshotManager"/>, off the request path:
/// how the metrics count reloads without the runtime knowing about metrics.
/// </summary>
internal interface ISnapshotObserver
{
    /// <summary>A snapshot was built and is being swapped in.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="rebuilt">What was built anew: <c>routes</c>, <c>certificates</c>, <c>services</c> joined by <c>+</c>, or <c>nothing</c>.</param>
    /// <param name="duration">How long reading the sources and building took.</param>
    void Built(IngressSnapshot snapshot, string rebuilt, TimeSpan duration);

    /// <summary>A build threw; the current snapshot keeps serving.</summary>
    /// <param name="exception">What it threw.</param>
    /// <param name="duration">How long it ran before it threw.</param>
    void Failed(Exception exception, TimeSpan duration);
}
