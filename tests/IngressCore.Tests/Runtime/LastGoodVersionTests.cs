using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.Tests.Runtime;

/// <summary>
/// A rebuild of the runtime's snapshot (<see cref="SnapshotCompiler"/>): an Ingress that was served
/// and whose new version is refused keeps serving its last good version; nothing else is kept.
/// </summary>
public sealed class LastGoodVersionTests
{
    private static readonly SnapshotCompiler Compiler = new(new IngressRoutingOptions());

    private static IngressSnapshot Start(params IngressDefinition[] ingresses) =>
        Compiler.Compile(new IngressObjects { Ingresses = ingresses }, previous: null).Snapshot;

    private static IngressSnapshot Reload(IngressSnapshot previous, params IngressDefinition[] ingresses) =>
        Compiler.Compile(new IngressObjects { Ingresses = ingresses }, previous).Snapshot;

    private static readonly IngressDefinition CartV1 = Ingress("cart", Rule("shop.example.com", Prefix("/cart", "cart-v1", 80)));
    private static readonly IngressDefinition CartBroken = Ingress("cart", Rule("shop.example.com", Prefix("/cart", "cart-v2", 0)));
    private static readonly IngressDefinition CartV3 = Ingress("cart", Rule("shop.example.com", Prefix("/cart", "cart-v3", 80)));
    private static readonly IngressDefinition Search = Ingress("search", Rule("shop.example.com", Prefix("/search", "search", 80)));

    [Fact]
    public void An_Ingress_that_becomes_invalid_keeps_serving_its_last_good_version()
    {
        var table = Reload(Start(CartV1, Search), CartBroken, Search).Routes;

        Assert.Equal("cart-v1", table.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
        Assert.Equal("search", table.Match("shop.example.com", "/search").Route?.Backend.ServiceName);
        Assert.Contains(table.Diagnostics, d => d is { Severity: DiagnosticSeverity.Error, Field: "spec.rules[0].http.paths[0].backend.service.port.number" } && d.ObjectName == "default/cart");
        Assert.Contains(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.ObjectName == "default/cart" && d.Message.Contains("last good version", StringComparison.Ordinal));
    }

    [Fact]
    public void The_last_good_version_survives_several_bad_reloads_and_is_replaced_by_a_good_one()
    {
        var first = Reload(Start(CartV1), CartBroken);
        var secondSnapshot = Reload(first, CartBroken with { Rules = [Rule("*", Prefix("/cart", "cart-v2b", 80))] });
        var second = secondSnapshot.Routes;
        var fixedTable = Reload(secondSnapshot, CartV3).Routes;

        Assert.Equal("cart-v1", second.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
        Assert.Equal("cart-v3", fixedTable.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
        Assert.DoesNotContain(fixedTable.Diagnostics, d => d.Severity != DiagnosticSeverity.Info);
    }

    [Fact]
    public void An_Ingress_that_was_never_served_is_not_kept_and_its_error_is_reported_once()
    {
        var neverGood = Ingress("never", Rule("*", Prefix("/", "never", 80)));
        var table = Reload(Start(CartV1), CartBroken, neverGood).Routes;

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("other.example.com", "/").Status);
        Assert.Single(table.Diagnostics, d => d.ObjectName == "default/never");
        Assert.Single(table.Diagnostics, d => d.ObjectName == "default/cart" && d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_removed_Ingress_is_no_longer_served()
    {
        var table = Reload(Start(CartV1, Search), Search).Routes;

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("shop.example.com", "/cart").Status);
        Assert.Empty(table.Diagnostics);
    }

    [Fact]
    public void An_Ingress_moved_to_another_class_is_dropped_not_kept()
    {
        var table = Reload(Start(CartV1), CartV1 with { IngressClassName = "nginx" }).Routes;

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("shop.example.com", "/cart").Status);
        Assert.Equal(DiagnosticSeverity.Info, Assert.Single(table.Diagnostics, d => d.Kind == "Ingress").Severity);
        Assert.Contains(table.Diagnostics, d => d is { Severity: DiagnosticSeverity.Warning, Kind: "IngressClass" } && d.Message.Contains("'nginx' (1)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_served_Ingress_given_twice_in_the_new_set_keeps_its_last_good_version()
    {
        var table = Reload(Start(CartV1), CartV3, CartV3 with { Rules = [Rule("shop.example.com", Prefix("/cart", "cart-v4", 80))] }).Routes;

        Assert.Equal("cart-v1", table.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
    }

    [Fact]
    public void A_change_to_Services_alone_keeps_the_route_table_and_the_certificates()
    {
        var first = Compiler.Compile(new IngressObjects { Ingresses = [CartV1] }, previous: null);
        var service = new ServiceDefinition { Namespace = "default", Name = "cart-v1", Ports = [new ServicePortDefinition { Port = 80 }] };

        var second = Compiler.Compile(first.Snapshot.Objects with { Services = [service] }, first.Snapshot);

        Assert.False(second.RoutesRebuilt);
        Assert.False(second.CertificatesRebuilt);
        Assert.True(second.ServicesRebuilt);
        Assert.Same(first.Snapshot.Routes, second.Snapshot.Routes);
        Assert.Same(first.Snapshot.Certificates, second.Snapshot.Certificates);
        Assert.Equal(first.Snapshot.Version + 1, second.Snapshot.Version);
        Assert.Same(service, second.Snapshot.Services.FindService("default", "cart-v1"));
    }

    [Fact]
    public void The_same_Ingress_instances_rebuild_nothing_but_a_new_instance_rebuilds_the_table()
    {
        var first = Compiler.Compile(new IngressObjects { Ingresses = [CartV1, Search] }, previous: null);

        var same = Compiler.Compile(new IngressObjects { Ingresses = [CartV1, Search] }, first.Snapshot);
        var changed = Compiler.Compile(new IngressObjects { Ingresses = [CartV1 with { }, Search] }, same.Snapshot);

        Assert.True(same.Unchanged);
        Assert.Same(first.Snapshot, same.Snapshot);
        Assert.True(changed.RoutesRebuilt);
        Assert.NotSame(first.Snapshot.Routes, changed.Snapshot.Routes);
    }

    [Fact]
    public void A_rebuild_judges_again_only_the_Ingresses_that_changed()
    {
        var limited = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/proxy-body-size"] = "1m" };
        var search = Search with { Annotations = limited };
        var cartV1 = CartV1 with { Annotations = limited };
        var cartV3 = CartV3 with { Annotations = limited };
        var first = Compiler.Compile(new IngressObjects { Ingresses = [cartV1, search] }, previous: null).Snapshot;

        var second = Compiler.Compile(new IngressObjects { Ingresses = [cartV3, search] }, first).Snapshot;

        // The unchanged Ingress keeps its parsed annotations (the very instance); the changed one is parsed anew.
        Assert.Same(first.Routes.PoliciesOf(search), second.Routes.PoliciesOf(search));
        Assert.NotSame(first.Routes.PoliciesOf(cartV1), second.Routes.PoliciesOf(cartV3));
        Assert.Equal("cart-v3", second.Routes.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
    }
}
