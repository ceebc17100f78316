using IngressCore.Building;
using IngressCore.Model;

namespace IngressCore.AspNetCore;

/// <summary>
/// What <see cref="IngressRoutingOptions.Load"/> returns: the objects read (from manifests, an API
/// server or code) and the problems found while reading them.
/// </summary>
public sealed record IngressObjects
{
    /// <summary>The Ingresses read; the class filter and validation are applied when the table is built.</summary>
    public IReadOnlyList<IngressDefinition> Ingresses { get; init; } = [];

    /// <summary>The <c>kubernetes.io/tls</c> Secrets read.</summary>
    public IReadOnlyList<TlsSecret> TlsSecrets { get; init; } = [];

    /// <summary>The Services read: ssl-passthrough hosts find their backend's port here.</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; init; } = [];

    /// <summary>The endpoints of the Services (from EndpointSlices): where ssl-passthrough connections go.</summary>
    public IReadOnlyList<ServiceEndpoints> Endpoints { get; init; } = [];

    /// <summary>
    /// Problems found while reading. An error naming an object (or, with no object, a file) that
    /// is missing from <see cref="Ingresses"/> or <see cref="TlsSecrets"/> keeps that object's last
    /// good version serving, instead of removing it.
    /// </summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; init; } = [];
}
