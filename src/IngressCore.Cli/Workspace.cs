using IngressCore.Diagnostics;
using IngressCore.Kubernetes;
using IngressCore.Matching;
using IngressCore.Runtime;
using IngressCore.Tls;

namespace IngressCore.Cli;

/// <summary>
/// The manifests of the command's paths, loaded and built into the snapshot <c>serve</c> would
/// start with: what every command works on. Built with the public API only.
/// </summary>
internal sealed class Workspace
{
    private Workspace(ManifestSet manifests, IngressSnapshot snapshot, IReadOnlyList<IngressDiagnostic> configDiagnostics)
    {
        Manifests = manifests;
        Snapshot = snapshot;
        Diagnostics = [.. configDiagnostics, .. snapshot.Diagnostics];
    }

    public ManifestSet Manifests { get; }

    public IngressSnapshot Snapshot { get; }

    public RouteTable Table => Snapshot.Routes;

    /// <summary>The certificate store <c>serve</c> would build: it says which hosts have TLS (and so redirect).</summary>
    public SniCertificateStore Certificates => Snapshot.Certificates;

    /// <summary>
    /// Everything found, in order: the controller ConfigMap (<c>--controller-config</c>), reading the manifests, building the table, the certificate
    /// store, and the ssl-passthrough hosts (a host whose Service, port or ready endpoints are
    /// missing, whose connections <c>serve</c> would close).
    /// </summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    public static Workspace Load(CliOptions options)
    {
        var manifests = ManifestLoader.Load([.. options.Paths]);
        var routing = new IngressRoutingOptions
        {
            IngressClass = options.IngressClass,
            IgnoreClassless = options.IgnoreClassless,
        };
        IReadOnlyList<IngressDiagnostic> configDiagnostics = [];
        if (options.ControllerConfig is { } path)
        {
            (var config, configDiagnostics) = ControllerConfigFile.Load(path);
            config?.ApplyTo(routing);
        }

        return new Workspace(manifests, IngressSnapshot.Build(manifests.ToObjects(), routing), configDiagnostics)
        {
            Options = routing,
        };
    }

    /// <summary>The options the snapshot was built with (the controller ConfigMap's settings applied).</summary>
    public IngressRoutingOptions Options { get; private init; } = new();
}
