using IngressCore.Building;
using IngressCore.Matching;
using IngressCore.Model;
using static IngressCore.Tests.Support.Manifest;

namespace IngressCore.Tests.Building;

/// <summary>
/// <see cref="RouteTableSource.Reload"/>: an Ingress that was served and whose new version is
/// refused keeps serving its last good version; nothing else is kept.
/// </summary>
public sealed class RouteTableSourceTests
{
    private static readonly IngressDefinition CartV1 = Ingress("cart", Rule("shop.example.com", Prefix("/cart", "cart-v1", 80)));
    private static readonly IngressDefinition CartBroken = Ingress("cart", Rule("shop.example.com", Prefix("/cart", "cart-v2", 0)));
    private static readonly IngressDefinition CartV3 = Ingress("cart", Rule("shop.example.com", Prefix("/cart", "cart-v3", 80)));
    private static readonly IngressDefinition Search = Ingress("search", Rule("shop.example.com", Prefix("/search", "search", 80)));

    [Fact]
    public void An_Ingress_that_becomes_invalid_keeps_serving_its_last_good_version()
    {
        var source = new RouteTableSource(RouteTable.Build([CartV1, Search]));

        var table = source.Reload([CartBroken, Search]);

        Assert.Same(table, source.Current);
        Assert.Equal("cart-v1", table.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
        Assert.Equal("search", table.Match("shop.example.com", "/search").Route?.Backend.ServiceName);
        Assert.Contains(table.Diagnostics, d => d is { Severity: DiagnosticSeverity.Error, Field: "spec.rules[0].http.paths[0].backend.service.port.number" } && d.ObjectName == "default/cart");
        Assert.Contains(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.ObjectName == "default/cart" && d.Message.Contains("last good version", StringComparison.Ordinal));
    }

    [Fact]
    public void The_last_good_version_survives_several_bad_reloads_and_is_replaced_by_a_good_one()
    {
        var source = new RouteTableSource(RouteTable.Build([CartV1]));

        source.Reload([CartBroken]);
        var second = source.Reload([CartBroken with { Rules = [Rule("*", Prefix("/cart", "cart-v2b", 80))] }]);
        var fixedTable = source.Reload([CartV3]);

        Assert.Equal("cart-v1", second.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
        Assert.Equal("cart-v3", fixedTable.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
        Assert.DoesNotContain(fixedTable.Diagnostics, d => d.Severity != DiagnosticSeverity.Info);
    }

    [Fact]
    public void An_Ingress_that_was_never_served_is_not_kept_and_its_error_is_reported_once()
    {
        var neverGood = Ingress("never", Rule("*", Prefix("/", "never", 80)));
        var source = new RouteTableSource(RouteTable.Build([CartV1]));

        var table = source.Reload([CartBroken, neverGood]);

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("other.example.com", "/").Status);
        Assert.Single(table.Diagnostics, d => d.ObjectName == "default/never");
        Assert.Single(table.Diagnostics, d => d.ObjectName == "default/cart" && d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_removed_Ingress_is_no_longer_served()
    {
        var source = new RouteTableSource(RouteTable.Build([CartV1, Search]));

        var table = source.Reload([Search]);

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("shop.example.com", "/cart").Status);
        Assert.Empty(table.Diagnostics);
    }

    [Fact]
    public void An_Ingress_moved_to_another_class_is_dropped_not_kept()
    {
        var source = new RouteTableSource(RouteTable.Build([CartV1]));

        var table = source.Reload([CartV1 with { IngressClassName = "nginx" }]);

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("shop.example.com", "/cart").Status);
        Assert.Equal(DiagnosticSeverity.Info, Assert.Single(table.Diagnostics).Severity);
    }

    [Fact]
    public void A_served_Ingress_given_twice_in_the_new_set_keeps_its_last_good_version()
    {
        var source = new RouteTableSource(RouteTable.Build([CartV1]));

        var table = source.Reload([CartV3, CartV3 with { Rules = [Rule("shop.example.com", Prefix("/cart", "cart-v4", 80))] }]);

        Assert.Equal("cart-v1", table.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
    }

    [Fact]
    public void Reload_and_Swap_raise_Changed_with_the_new_table()
    {
        var source = new RouteTableSource(RouteTable.Build([CartV1]));
        var seen = new List<RouteTable>();
        source.Changed += (_, table) => seen.Add(table);

        var reloaded = source.Reload([Search]);
        var swapped = RouteTable.Build([CartV3]);
        source.Swap(swapped);

        Assert.Equal([reloaded, swapped], seen);
        Assert.Same(swapped, source.Current);
    }
}
