namespace IngressCore.Model;

/// <summary>A v1 Service as plain data: its name and the ports an Ingress backend can name.</summary>
public sealed record ServiceDefinition
{
    /// <summary>The namespace (<c>metadata.namespace</c>; loaders default it to <c>default</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>The name (<c>metadata.name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The ports (<c>spec.ports</c>), in the order written.</summary>
    public IReadOnlyList<ServicePortDefinition> Ports { get; init; } = [];

    /// <summary>Where the object was read from, so diagnostics can name file and line.</summary>
    public ManifestSource? Source { get; init; }

    /// <summary>The object's <c>namespace/name</c>.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";
}
