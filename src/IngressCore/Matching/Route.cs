using System.Diagnostics;
using System.Text.RegularExpressions;
using IngressCore.Annotations;
using IngressCore.Model;

namespace IngressCore.Matching;

/// <summary>
/// One compiled route: an Ingress path (or default backend) with the host it serves and the
/// backend it sends to. Immutable; shared by every match that selects it.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class Route
{
    internal Route(
        IngressDefinition ingress,
        string? host,
        string path,
        PathType pathType,
        IngressBackend backend,
        RouteKind kind,
        RouteOrigin origin,
        IngressAnnotations policies)
    {
        Ingress = ingress;
        Host = host;
        Path = path;
        PathType = pathType;
        Backend = backend;
        Kind = kind;
        Origin = origin;
        Policies = policies;
    }

    /// <summary>The Ingress the route comes from.</summary>
    public IngressDefinition Ingress { get; }

    /// <summary>The Ingress's namespace (and so the namespace of its Services).</summary>
    public string Namespace => Origin.Namespace;

    /// <summary>The Ingress's name.</summary>
    public string IngressName => Origin.Name;

    /// <summary>The rule host (exact or <c>*.</c> wildcard), or <see langword="null"/> for a host-less rule or the catch-all.</summary>
    public string? Host { get; }

    /// <summary>The path as the Ingress declares it, defaulted (<c>/</c> when empty).</summary>
    public string Path { get; }

    /// <summary>The path type as the Ingress declares it, defaulted (Prefix when missing).</summary>
    public PathType PathType { get; }

    /// <summary>Where matched requests go.</summary>
    public IngressBackend Backend { get; }

    /// <summary>Whether this is a path rule, a host's default backend or the catch-all.</summary>
    public RouteKind Kind { get; }

    /// <summary>The object and field that declared the route, such as Ingress <c>shop/web</c> <c>spec.rules[0].http.paths[1]</c>.</summary>
    public RouteOrigin Origin { get; }

    /// <summary>The field of the Ingress that declared the route, such as <c>spec.rules[0].http.paths[1]</c>.</summary>
    public string Field => Origin.Field;

    /// <summary>The raw annotations of the owning Ingress, as written.</summary>
    public IReadOnlyDictionary<string, string> Annotations => Ingress.Annotations;

    /// <summary>
    /// The owning Ingress's <c>nginx.ingress.kubernetes.io/*</c> annotations, parsed and validated:
    /// the policies a request routed here is subject to (<see cref="IngressAnnotations.None"/> when
    /// it has none). The catch-all's carry no redirect, rewrite or app-root, as in ingress-nginx.
    /// </summary>
    internal IngressAnnotations Policies { get; }

    /// <summary>
    /// The canary that shares this route's traffic, or <see langword="null"/>: the path rule of a
    /// canary Ingress (<c>canary: "true"</c>) with the same host, path and path type as a route to
    /// this route's Service. As in ingress-nginx the canary attaches to the Service, so every route
    /// to that Service port gets it; its <see cref="Policies"/> hold the canary rules.
    /// </summary>
    public Route? Canary { get; internal set; }

    /// <summary>
    /// Whether a request routed here has its URI rewritten: the Ingress sets a
    /// <c>rewrite-target</c> that differs from this route's path (ingress-nginx's <c>needsRewrite</c>).
    /// </summary>
    public bool Rewrites => RewriteRegex is not null;

    /// <summary>The rewrite's regex, <c>(?i)path</c> unanchored as nginx applies it; set when <see cref="Rewrites"/>.</summary>
    internal Regex? RewriteRegex { get; init; }

    /// <summary>The route's names for logs, metrics and traces, made on first use.</summary>
    internal RouteNames Names => _names ??= new RouteNames(this);

    private RouteNames? _names;

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RouteKind.Path => $"{Origin.QualifiedName} {Host ?? "*"} {PathType} {Path} -> {Backend}",
        RouteKind.HostDefaultBackend => $"{Origin.QualifiedName} {Host ?? "*"} defaultBackend -> {Backend}",
        _ => $"{Origin.QualifiedName} catch-all defaultBackend -> {Backend}",
    };
}
