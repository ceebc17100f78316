namespace IngressCore.Model;

/// <summary>
/// A networking.k8s.io/v1 IngressClass as plain data: which controller implements the class and
/// whether it is marked as the cluster's default.
/// </summary>
public sealed record IngressClassDefinition
{
    /// <summary>The class name (<c>metadata.name</c>); IngressClasses are cluster-scoped and have no namespace.</summary>
    public required string Name { get; init; }

    /// <summary>The controller that implements the class (<c>spec.controller</c>), such as <c>k8s.io/ingress-nginx</c>.</summary>
    public string? Controller { get; init; }

    /// <summary>
    /// <see langword="true"/> when the annotation <c>ingressclass.kubernetes.io/is-default-class</c>
    /// is exactly <c>"true"</c>.
    /// </summary>
    public bool IsDefault { get; init; }

    /// <summary>Where the object was read from, so diagnostics can name file and line.</summary>
    public ManifestSource? Source { get; init; }
}
