using System.Diagnostics;
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
        string field)
    {
        Ingress = ingress;
        Host = host;
        Path = path;
        PathType = pathType;
        Backend = backend;
        Kind = kind;
        Field = field;
    }

    /// <summary>The Ingress the route comes from.</summary>
    public IngressDefinition Ingress { get; }

    /// <summary>The Ingress's namespace.</summary>
    public string Namespace => Ingress.Namespace;

    /// <summary>The Ingress's name.</summary>
    public string IngressName => Ingress.Name;

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

    /// <summary>The field of the Ingress that declared the route, such as <c>spec.rules[0].http.paths[1]</c>.</summary>
    public string Field { get; }

    /// <summary>The ingress-nginx annotations of the owning Ingress; the policies built from them come with the annotation engine.</summary>
    public IReadOnlyDictionary<string, string> Annotations => Ingress.Annotations;

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RouteKind.Path => $"{Ingress.QualifiedName} {Host ?? "*"} {PathType} {Path} -> {Backend}",
        RouteKind.HostDefaultBackend => $"{Ingress.QualifiedName} {Host ?? "*"} defaultBackend -> {Backend}",
        _ => $"{Ingress.QualifiedName} catch-all defaultBackend -> {Backend}",
    };
}
