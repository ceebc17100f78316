using IngressCore.Matching;

namespace IngressCore.Tests.Architecture;

/// <summary>
/// The layers of IngressCore (docs/architecture.md): each namespace may use only the namespaces
/// listed before it, so the flow objects → snapshot → match → decision → backend reads from the
/// folder names and no layer reaches back into a later one.
/// </summary>
public sealed class LayerTests
{
    /// <summary>The layers in order; a namespace's sub-namespaces (Routing.Policies) belong to it.</summary>
    internal static readonly string[] Layers =
    [
        "IngressCore.Model",
        "IngressCore.Diagnostics",
        "IngressCore.Sources",
        "IngressCore.Discovery",
        "IngressCore.Annotations",
        "IngressCore.Matching",
        "IngressCore.Building",
        "IngressCore.Tls",
        "IngressCore.Decisions",
        "IngressCore.Authentication", // what the auth annotations name, loaded; the auth subrequest; htpasswd and certificates
        "IngressCore.Runtime",
        "IngressCore.Backends",
        "IngressCore.Routing",
        "IngressCore.Observability", // watches the routing from outside: reads its features, wraps its middleware
        "IngressCore.Passthrough",
        "Hosting", // the DI and pipeline entry points, in Microsoft.* namespaces
    ];

    /// <summary>The layers that must work without a web host: a controller uses them as its match engine.</summary>
    private static readonly string[] NoWebHost =
    [
        "IngressCore.Model",
        "IngressCore.Diagnostics",
        "IngressCore.Sources",
        "IngressCore.Discovery",
        "IngressCore.Annotations",
        "IngressCore.Matching",
        "IngressCore.Building",
        "IngressCore.Decisions",
    ];

    internal static int LayerOf(string ns)
    {
        if (ns.StartsWith("Microsoft.", StringComparison.Ordinal))
        {
            return Array.IndexOf(Layers, "Hosting");
        }

        for (var i = 0; i < Layers.Length; i++)
        {
            if (ns == Layers[i] || ns.StartsWith(Layers[i] + ".", StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsOurs(string ns) =>
        ns.StartsWith("IngressCore", StringComparison.Ordinal) ||
        ns.StartsWith("Microsoft.Extensions.DependencyInjection", StringComparison.Ordinal) && ns.Length == "Microsoft.Extensions.DependencyInjection".Length ||
        ns is "Microsoft.AspNetCore.Builder" or "Microsoft.AspNetCore.Hosting";

    [Fact]
    public void Every_namespace_of_the_assembly_is_in_a_layer()
    {
        var namespaces = typeof(RouteTable).Assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith("IngressCore", StringComparison.Ordinal))
            .Distinct();

        Assert.All(namespaces, ns => Assert.True(LayerOf(ns) >= 0, $"namespace {ns} is in no layer; add it to LayerTests.Layers and docs/architecture.md"));
    }

    [Fact]
    public void No_namespace_uses_a_later_layer()
    {
        // Our own public entry points live in framework namespaces; only code of this assembly counts.
        var edges = NamespaceGraph.Edges(typeof(RouteTable).Assembly.Location, IsOurs);

        var backwards = edges
            .Where(e => LayerOf(e.To) > LayerOf(e.From))
            .Select(e => $"{e.From} -> {e.To}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(edges.Count > 10, "the graph found almost no edges: the reader is broken");
        Assert.True(backwards.Count == 0, "namespaces that use a later layer:\n" + string.Join('\n', backwards));
    }

    [Fact]
    public void The_match_engine_needs_no_web_host()
    {
        var path = typeof(RouteTable).Assembly.Location;
        var uses = NoWebHost
            .SelectMany(ns => NamespaceGraph.ReferencedNamespaces(path, ns).Select(used => (ns, used)))
            .Where(e => e.used.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
            .Select(e => $"{e.ns} uses {e.used}")
            .Distinct()
            .ToList();

        Assert.True(uses.Count == 0, "layers a controller uses without a web host refer to ASP.NET Core:\n" + string.Join('\n', uses));
    }
}
