using IngressCore.Forwarding;
using IngressCore.Tests.Architecture;

namespace IngressCore.Proxy.Tests.Architecture;

/// <summary>
/// The layers of IngressCore.Proxy (docs/forwarding.md): the lasting endpoint state and the
/// pickers, then the HTTP clients, then the forwarder that uses both, then the registration entry
/// point; none reaches back. The state and pickers need no web host.
/// </summary>
public sealed class LayerTests
{
    private static readonly string[] Layers =
    [
        "IngressCore.Forwarding.Upstreams",
        "IngressCore.Forwarding.Transport",
        "IngressCore.Forwarding",
        "Microsoft.Extensions.DependencyInjection",
    ];

    private static string AssemblyPath => typeof(ForwardingOptions).Assembly.Location;

    [Fact]
    public void Every_namespace_of_the_assembly_is_in_a_layer()
    {
        var namespaces = typeof(ForwardingOptions).Assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith("IngressCore", StringComparison.Ordinal) || ns.StartsWith("Microsoft", StringComparison.Ordinal))
            .Distinct();

        Assert.All(namespaces, ns => Assert.Contains(ns, Layers));
    }

    [Fact]
    public void No_namespace_uses_a_later_layer()
    {
        var edges = NamespaceGraph.Edges(AssemblyPath, ns => Array.IndexOf(Layers, ns) >= 0);

        var backwards = edges.Where(e => Array.IndexOf(Layers, e.To) > Array.IndexOf(Layers, e.From)).Select(e => $"{e.From} -> {e.To}").ToList();

        Assert.Contains(("IngressCore.Forwarding", "IngressCore.Forwarding.Upstreams"), edges);
        Assert.Contains(("IngressCore.Forwarding", "IngressCore.Forwarding.Transport"), edges);
        Assert.True(backwards.Count == 0, "namespaces that use a later layer:\n" + string.Join('\n', backwards));
    }

    [Fact]
    public void The_endpoint_state_needs_no_web_host_and_no_YARP()
    {
        var uses = NamespaceGraph.ReferencedNamespaces(AssemblyPath, "IngressCore.Forwarding.Upstreams")
            .Where(ns => ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || ns.StartsWith("Yarp", StringComparison.Ordinal))
            .ToList();

        Assert.True(uses.Count == 0, "IngressCore.Forwarding.Upstreams refers to " + string.Join(", ", uses));
    }
}
