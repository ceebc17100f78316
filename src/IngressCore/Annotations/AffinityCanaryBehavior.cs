namespace IngressCore.Annotations;

/// <summary><c>affinity-canary-behavior</c>: whether session affinity also pins clients to a canary (docs/annotations.md).</summary>
internal enum AffinityCanaryBehavior
{
    /// <summary><c>sticky</c> (default): the canary uses the primary's affinity cookie, so a client sent to the canary stays there.</summary>
    Sticky,

    /// <summary><c>legacy</c>: the canary sets no affinity cookie; its rules apply to every request.</summary>
    Legacy,
}
