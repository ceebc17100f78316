namespace IngressCore.Matching;

/// <summary>What declared a <see cref="Route"/>.</summary>
public enum RouteKind
{
    /// <summary>A <c>spec.rules[].http.paths[]</c> entry.</summary>
    Path,

    /// <summary>The <c>spec.defaultBackend</c> of an Ingress with rules, serving that Ingress's hosts when no path matches.</summary>
    HostDefaultBackend,

    /// <summary>The <c>spec.defaultBackend</c> of an Ingress without rules: every request no other route takes.</summary>
    CatchAll,
}
