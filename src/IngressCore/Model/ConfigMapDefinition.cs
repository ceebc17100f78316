using System.Collections.Frozen;

namespace IngressCore.Model;

/// <summary>
/// A v1 ConfigMap as plain data: what ingress-nginx reads from ConfigMaps, such as the headers of
/// <c>custom-headers</c> and the controller's global settings.
/// </summary>
public sealed record ConfigMapDefinition
{
    /// <summary>The namespace (<c>metadata.namespace</c>; loaders default it to <c>default</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>The name (<c>metadata.name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The <c>data</c> entries, as written.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Where the object was read from, so diagnostics can name file and line.</summary>
    public ManifestSource? Source { get; init; }

    /// <summary>The object's <c>namespace/name</c>.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";
}
