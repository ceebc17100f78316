namespace IngressCore.Model;

/// <summary>
/// A discovery.k8s.io/v1 EndpointSlice as plain data: a share of one Service's endpoints, with the
/// ports they listen on. A Service may have several slices (one per address family, and more once
/// a slice fills up); <see cref="Discovery.ServiceCatalog"/> puts them back together.
/// </summary>
public sealed record EndpointSliceDefinition
{
    /// <summary>The namespace (<c>metadata.namespace</c>), which is the Service's.</summary>
    public required string Namespace { get; init; }

    /// <summary>The slice's own name (<c>metadata.name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The Service the slice belongs to: its <c>kubernetes.io/service-name</c> label.</summary>
    public required string ServiceName { get; init; }

    /// <summary>The kind of every address in the slice: <c>IPv4</c> (the default), <c>IPv6</c> or <c>FQDN</c>.</summary>
    public string AddressType { get; init; } = "IPv4";

    /// <summary>
    /// The ports (<c>ports[]</c>): each carries the name of the Service port it serves (empty for an
    /// unnamed port) and the number the endpoints listen on, which is how a named
    /// <c>targetPort</c> is resolved per slice.
    /// </summary>
    public IReadOnlyList<EndpointPortDefinition> Ports { get; init; } = [];

    /// <summary>The endpoints (<c>endpoints[]</c>), in the order written.</summary>
    public IReadOnlyList<EndpointDefinition> Endpoints { get; init; } = [];

    /// <summary>Where the object was read from, so diagnostics can name file and line.</summary>
    public ManifestSource? Source { get; init; }

    /// <summary>The object's <c>namespace/name</c>.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";
}
