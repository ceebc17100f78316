namespace IngressCore.Model;

/// <summary>A v1 Service as plain data: its name, type, cluster IP and the ports an Ingress backend can name.</summary>
public sealed record ServiceDefinition
{
    /// <summary>The namespace (<c>metadata.namespace</c>; loaders default it to <c>default</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>The name (<c>metadata.name</c>).</summary>
    public required string Name { get; init; }

    /// <summary><c>spec.type</c>: <c>ClusterIP</c> (the default), <c>NodePort</c>, <c>LoadBalancer</c> or <c>ExternalName</c>.</summary>
    public string Type { get; init; } = "ClusterIP";

    /// <summary><c>spec.clusterIP</c>: the virtual IP, <c>None</c> for a headless Service, or <see langword="null"/> when not set.</summary>
    public string? ClusterIP { get; init; }

    /// <summary><c>spec.externalName</c>: the DNS name an <c>ExternalName</c> Service stands for.</summary>
    public string? ExternalName { get; init; }

    /// <summary>The ports (<c>spec.ports</c>), in the order written.</summary>
    public IReadOnlyList<ServicePortDefinition> Ports { get; init; } = [];

    /// <summary>Where the object was read from, so diagnostics can name file and line.</summary>
    public ManifestSource? Source { get; init; }

    /// <summary>The object's <c>namespace/name</c>.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";
}
