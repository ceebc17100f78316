namespace IngressCore.Annotations;

/// <summary><c>session-cookie-samesite</c>: the affinity cookie's <c>SameSite</c> attribute.</summary>
internal enum CookieSameSite
{
    /// <summary><c>None</c>: sent on cross-site requests too (browsers require <c>Secure</c>).</summary>
    None,

    /// <summary><c>Lax</c>: sent on top-level navigations from other sites.</summary>
    Lax,

    /// <summary><c>Strict</c>: sent on same-site requests only.</summary>
    Strict,
}
