namespace IngressCore.Decisions;

/// <summary>Whether a request goes to the canary, and which rule said so.</summary>
/// <param name="UseCanary">Whether the canary takes the request.</param>
/// <param name="DecidedBy">
/// The annotation that decided (<c>canary-by-header</c>, <c>canary-by-header-value</c>,
/// <c>canary-by-header-pattern</c>, <c>canary-by-cookie</c>, <c>canary-weight</c>), or
/// <see langword="null"/> when the request has no canary to consider.
/// </param>
internal readonly record struct CanaryDecision(bool UseCanary, string? DecidedBy)
{
    /// <summary>No canary to consider: the primary.</summary>
    public static CanaryDecision None => default;
}
