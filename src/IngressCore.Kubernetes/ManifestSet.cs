using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Sources;

namespace IngressCore.Kubernetes;

/// <summary>
/// What <see cref="ManifestLoader.Load"/> read: the objects IngressCore uses, as plain core model
/// types, and a diagnostic for everything that was refused, skipped or suspicious.
/// </summary>
public sealed class ManifestSet
{
    internal ManifestSet(
        IReadOnlyList<IngressDefinition> ingresses,
        IReadOnlyList<IngressClassDefinition> ingressClasses,
        IReadOnlyList<TlsSecret> certificates,
        IReadOnlyList<ServiceDefinition> services,
        IReadOnlyList<EndpointSliceDefinition> endpointSlices,
        IReadOnlyList<ConfigMapDefinition> configMaps,
        IReadOnlyList<IngressDiagnostic> diagnostics,
        IReadOnlyList<string> files,
        IReadOnlyList<ManifestDefinition> definitions,
        IReadOnlyList<SecretDefinition>? secrets = null)
    {
        Secrets = secrets ?? [];
        Definitions = definitions;
        Ingresses = ingresses;
        IngressClasses = ingressClasses;
        Certificates = certificates;
        Services = services;
        EndpointSlices = endpointSlices;
        ConfigMaps = configMaps;
        Diagnostics = diagnostics;
        Files = files;
    }

    /// <summary>The networking.k8s.io/v1 Ingresses that could be read, in file order. Ingresses with an error are left out.</summary>
    public IReadOnlyList<IngressDefinition> Ingresses { get; }

    /// <summary>The networking.k8s.io/v1 IngressClasses, in file order.</summary>
    public IReadOnlyList<IngressClassDefinition> IngressClasses { get; }

    /// <summary>The Secrets of type <c>kubernetes.io/tls</c>, in file order (other types are in <see cref="Secrets"/>).</summary>
    public IReadOnlyList<TlsSecret> Certificates { get; }

    /// <summary>The Secrets of every other type (usually <c>Opaque</c>), in file order: htpasswd files and CA bundles.</summary>
    public IReadOnlyList<SecretDefinition> Secrets { get; }

    /// <summary>The v1 Services, in file order.</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; }

    /// <summary>The discovery.k8s.io/v1 EndpointSlices labelled <c>kubernetes.io/service-name</c>, in file order.</summary>
    public IReadOnlyList<EndpointSliceDefinition> EndpointSlices { get; }

    /// <summary>The v1 ConfigMaps, in file order.</summary>
    public IReadOnlyList<ConfigMapDefinition> ConfigMaps { get; }

    /// <summary>Every problem and notice, in the order found: refused objects are errors, skipped ones info.</summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    /// <summary>The manifest files read, in the order read, each named as the caller's path led to it.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The objects as a source snapshot, for <see cref="IngressCore.Runtime.IngressSnapshot.Build"/> or an in-memory source.</summary>
    /// <returns>The objects and diagnostics.</returns>
    public IngressObjects ToObjects() => new()
    {
        Ingresses = Ingresses,
        IngressClasses = IngressClasses,
        Services = Services,
        EndpointSlices = EndpointSlices,
        TlsSecrets = Certificates,
        Secrets = Secrets,
        ConfigMaps = ConfigMaps,
        Diagnostics = Diagnostics,
    };

    /// <summary>Every object whose kind, namespace and name were read, in file order, whether or not it could be used.</summary>
    internal IReadOnlyList<ManifestDefinition> Definitions { get; }

    /// <summary>Whether any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
