using IngressCore.Annotations;

namespace IngressCore.Matching;

/// <summary>One compiled virtual host (an nginx server): its paths and its default backend.</summary>
/// <param name="Host">The rule host (exact or <c>*.</c> wildcard), or <see langword="null"/> for the host-less rules.</param>
/// <param name="Paths">The compiled paths.</param>
/// <param name="DefaultBackend">The default backend of the oldest Ingress of this host that has one.</param>
internal sealed record VirtualHost(string? Host, PathTrie Paths, Route? DefaultBackend)
{
    /// <summary>The host's locations when it is in regex mode (<see cref="Paths"/> then goes unused), else <see langword="null"/>.</summary>
    public RegexLocations? Regex { get; init; }

    /// <summary>
    /// The policies of the host's root location, which takes every request no path matches: the
    /// annotations of the host's oldest Ingress (docs/matching.md, a COMPAT-QUIRK).
    /// </summary>
    public IngressAnnotations RootPolicies { get; init; } = IngressAnnotations.None;

    /// <summary>The host's <c>app-root</c> (server-wide in ingress-nginx): that of the first location, in nginx's order, whose Ingress sets one.</summary>
    public AppRoot? AppRoot { get; init; }

    /// <summary>
    /// For the <c>www.</c> twin of a host with <c>from-to-www-redirect</c> (or the bare twin of a
    /// <c>www.</c> host): the host every request is redirected to. Such a virtual host has no paths.
    /// </summary>
    public string? RedirectToHost { get; init; }

    /// <summary>
    /// The host's client-certificate authentication (nginx's server-level <c>ssl_verify_client</c>):
    /// that of its oldest Ingress that sets <c>auth-tls-secret</c>, or <see langword="null"/>.
    /// </summary>
    public ClientCertificateAuth? ClientCertificates { get; init; }

    /// <summary><c>server-alias</c>: more names this host answers for (none of them a host of its own).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
