using IngressCore.Building;
using IngressCore.Kubernetes;
using IngressCore.Matching;
using IngressCore.Tls;

namespace IngressCore.Cli;

/// <summary>The manifests of the command's paths, loaded and compiled once: what every command works on.</summary>
internal sealed class Workspace
{
    private readonly Lazy<SniCertificateStore> _certificates;
    private readonly Lazy<PassthroughHosts> _passthrough;

    private Workspace(ManifestSet manifests, RouteTable table)
    {
        Manifests = manifests;
        Table = table;
        _certificates = new(() => SniCertificateStore.Build(table.Ingresses, manifests.Certificates));
        _passthrough = new(() => PassthroughHosts.Build(table, manifests.Services, manifests.Endpoints));
    }

    public ManifestSet Manifests { get; }

    public RouteTable Table { get; }

    /// <summary>The certificate store <c>serve</c> would build: it says which hosts have TLS (and so redirect). Built on first use.</summary>
    public SniCertificateStore Certificates => _certificates.Value;

    /// <summary>The ssl-passthrough hosts <c>serve</c> would pass through, with their backends' endpoints. Built on first use.</summary>
    public PassthroughHosts Passthrough => _passthrough.Value;

    /// <summary>Loader diagnostics first, then the builder's, each group in its own order.</summary>
    public IEnumerable<IngressDiagnostic> Diagnostics => Manifests.Diagnostics.Concat(Table.Diagnostics);

    public static Workspace Load(CliOptions options)
    {
        var manifests = ManifestLoader.Load([.. options.Paths]);
        var table = new RouteTableBuilder(new RouteTableOptions
        {
            IngressClass = options.IngressClass,
            IgnoreClassless = options.IgnoreClassless,
        }).AddRange(manifests.Ingresses).Build();
        return new Workspace(manifests, table);
    }
}
