namespace IngressCore.Annotations;

/// <summary><c>affinity-mode</c>: how sticky the affinity cookie is when the backends change.</summary>
internal enum AffinityMode
{
    /// <summary><c>balanced</c> (default): consistent hashing; some sessions move when backends are added.</summary>
    Balanced,

    /// <summary><c>persistent</c>: a session stays on its backend while that backend exists.</summary>
    Persistent,
}
