using IngressCore.Annotations;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// One route to compile, in terms that do not depend on the object that declared it: the host,
/// how the path matches, where it goes, the policies, and the origin. Ingresses are translated into
/// these (<see cref="IngressRouteSpecs"/>); another source of routes (Gateway API HTTPRoutes) would
/// be translated the same way, and the matcher would not change.
/// </summary>
/// <param name="Kind">A path rule, a host's default backend, or the catch-all.</param>
/// <param name="Host">The host (exact or <c>*.</c> wildcard), or <see langword="null"/> for every host.</param>
/// <param name="Path">The path as declared, defaulted (<c>/</c> when empty).</param>
/// <param name="PathType">How the path matches, defaulted (Prefix when missing).</param>
/// <param name="Backend">Where matched requests go.</param>
/// <param name="Policies">The parsed annotations the route's requests are subject to.</param>
/// <param name="Origin">The object and field that declared it.</param>
/// <param name="Ingress">The Ingress it came from (diagnostics locate their file and line through it).</param>
internal sealed record RouteSpec(
    RouteKind Kind,
    string? Host,
    string Path,
    PathType PathType,
    IngressBackend Backend,
    IngressAnnotations Policies,
    RouteOrigin Origin,
    IngressDefinition Ingress)
{
    /// <summary>The compiled route, with the rewrite regex when one applies.</summary>
    public Route ToRoute(System.Text.RegularExpressions.Regex? rewriteRegex = null) =>
        new(Ingress, Host, Path, PathType, Backend, Kind, Origin, Policies) { RewriteRegex = rewriteRegex };
}
