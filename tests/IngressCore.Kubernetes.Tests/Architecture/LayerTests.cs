using IngressCore.Kubernetes;
using IngressCore.Tests.Architecture;

namespace IngressCore.Kubernetes.Tests.Architecture;

/// <summary>
/// The layers of IngressCore.Kubernetes (docs/architecture.md): reading manifests, then the folder
/// source that follows them, then the cluster source that watches an API server (it converts with
/// the manifest reader's converters), then the registration entry points; none reaches back.
/// </summary>
public sealed class LayerTests
{
    private static readonly string[] Layers =
    [
        "IngressCore.Kubernetes",
        "IngressCore.Kubernetes.Folders",
        "IngressCore.Kubernetes.Cluster",
        "Microsoft.Extensions.DependencyInjection",
    ];

    [Fact]
    public void No_namespace_uses_a_later_layer()
    {
        var edges = NamespaceGraph.Edges(typeof(ManifestLoader).Assembly.Location, ns => Array.IndexOf(Layers, ns) >= 0);

        var backwards = edges.Where(e => Array.IndexOf(Layers, e.To) > Array.IndexOf(Layers, e.From)).ToList();

        Assert.Contains(("IngressCore.Kubernetes.Folders", "IngressCore.Kubernetes"), edges);
        Assert.Contains(("IngressCore.Kubernetes.Cluster", "IngressCore.Kubernetes"), edges);
        Assert.True(backwards.Count == 0, "namespaces that use a later layer:\n" + string.Join('\n', backwards));
    }

    [Fact]
    public void Every_namespace_of_the_assembly_is_in_a_layer()
    {
        var namespaces = typeof(ManifestLoader).Assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith("IngressCore", StringComparison.Ordinal))
            .Distinct();

        Assert.All(namespaces, ns => Assert.Contains(ns, Layers));
    }
}
