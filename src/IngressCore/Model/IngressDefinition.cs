using System.Collections.Frozen;

namespace IngressCore.Model;

/// <summary>
/// A networking.k8s.io/v1 Ingress as plain data, with no Kubernetes client types: what a manifest
/// loader, a controller's informer or code produces, and what <see cref="Building.RouteTableBuilder"/>
/// validates and compiles.
/// </summary>
public sealed record IngressDefinition
{
    private static readonly IReadOnlyDictionary<string, string> NoAnnotations =
        FrozenDictionary<string, string>.Empty;

    /// <summary>The namespace (<c>metadata.namespace</c>; loaders default it to <c>default</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>The name (<c>metadata.name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// <c>metadata.creationTimestamp</c>: the oldest Ingress wins conflicts. An Ingress without one
    /// counts as newer than every Ingress that has one.
    /// </summary>
    public DateTimeOffset? CreationTimestamp { get; init; }

    /// <summary><c>spec.ingressClassName</c>.</summary>
    public string? IngressClassName { get; init; }

    /// <summary><c>metadata.annotations</c> (the legacy <c>kubernetes.io/ingress.class</c> among them).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = NoAnnotations;

    /// <summary><c>spec.defaultBackend</c>.</summary>
    public IngressBackend? DefaultBackend { get; init; }

    /// <summary><c>spec.rules</c>.</summary>
    public IReadOnlyList<IngressRule> Rules { get; init; } = [];

    /// <summary><c>spec.tls</c>.</summary>
    public IReadOnlyList<IngressTls> Tls { get; init; } = [];

    /// <summary>Where the object was read from, so diagnostics can name file and line.</summary>
    public ManifestSource? Source { get; init; }

    /// <summary>The object's <c>namespace/name</c>.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";
}
