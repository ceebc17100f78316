namespace IngressCore.Model;

/// <summary>
/// The endpoints of one Service, gathered from all of its discovery.k8s.io/v1 EndpointSlices
/// (those labelled <c>kubernetes.io/service-name</c> with the Service's name).
/// </summary>
public sealed record ServiceEndpoints
{
    /// <summary>The namespace of the Service and its EndpointSlices.</summary>
    public required string Namespace { get; init; }

    /// <summary>The Service's name.</summary>
    public required string ServiceName { get; init; }

    /// <summary>The ports the endpoints listen on, from every slice, without duplicates.</summary>
    public IReadOnlyList<EndpointPortDefinition> Ports { get; init; } = [];

    /// <summary>The endpoint addresses, from every slice, in the order read, without duplicates.</summary>
    public IReadOnlyList<EndpointAddress> Addresses { get; init; } = [];

    /// <summary>The Service's <c>namespace/name</c>.</summary>
    public string QualifiedName => $"{Namespace}/{ServiceName}";
}
