using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Sources;

/// <summary>
/// The Kubernetes objects one source holds at one moment (a folder of manifests, a watched API
/// server, code), as plain model types, with the problems found while reading them. Immutable: a
/// source that changes hands out a new instance.
/// </summary>
/// <remarks>
/// A source that keeps objects from its last snapshot should hand the very same instances again:
/// the runtime tells what changed by reference, so an unchanged Ingress costs nothing to carry over,
/// and a change to Services or EndpointSlices alone does not rebuild the route table.
/// </remarks>
public sealed record IngressObjects
{
    /// <summary>No objects and no problems.</summary>
    public static IngressObjects Empty { get; } = new();

    /// <summary>The Ingresses; the class filter and validation are applied when the table is built.</summary>
    public IReadOnlyList<IngressDefinition> Ingresses { get; init; } = [];

    /// <summary>The IngressClasses.</summary>
    public IReadOnlyList<IngressClassDefinition> IngressClasses { get; init; } = [];

    /// <summary>The Services: backends are resolved to their ports here.</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; init; } = [];

    /// <summary>The EndpointSlices: where requests and ssl-passthrough connections to a Service go.</summary>
    public IReadOnlyList<EndpointSliceDefinition> EndpointSlices { get; init; } = [];

    /// <summary>The <c>kubernetes.io/tls</c> Secrets.</summary>
    public IReadOnlyList<TlsSecret> TlsSecrets { get; init; } = [];

    /// <summary>
    /// The Secrets of other types (usually <c>Opaque</c>): the htpasswd files of basic authentication
    /// and the CA bundles of client-certificate authentication (docs/annotations.md).
    /// </summary>
    public IReadOnlyList<SecretDefinition> Secrets { get; init; } = [];

    /// <summary>The ConfigMaps (for example those <c>custom-headers</c> names).</summary>
    public IReadOnlyList<ConfigMapDefinition> ConfigMaps { get; init; } = [];

    /// <summary>
    /// Problems found while reading. An error naming an object (or, with no object, a file) that
    /// is missing from this snapshot keeps that object's last good version serving, instead of
    /// removing it: a broken edit must not look like a deletion.
    /// </summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; init; } = [];
}
