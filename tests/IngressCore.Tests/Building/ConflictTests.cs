using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Building;

/// <summary>
/// docs/matching.md §1.2-1.3 and §3-4: merging several Ingresses, duplicates going to the oldest
/// (creationTimestamp, missing = newest, then namespace/name ordinal) with a warning for the
/// newer one, and the same outcome whatever the input order.
/// </summary>
public sealed class ConflictTests
{
    [Fact]
    public void A_duplicate_host_path_and_type_goes_to_the_older_Ingress_and_the_newer_gets_a_warning()
    {
        var older = Ingress("older", Rule("shop.example.com", Prefix("/cart", "cart-v1", 80))) with { CreationTimestamp = At(1) };
        var newer = Ingress("newer", Rule("shop.example.com", Prefix("/x", "x", 80), Prefix("/cart", "cart-v2", 80))) with { CreationTimestamp = At(2) };

        foreach (var order in new[] { new[] { older, newer }, [newer, older] })
        {
            var table = RouteTable.Build(order);

            Assert.Equal("cart-v1", table.Match("shop.example.com", "/cart/items").Route?.Backend.ServiceName);
            var warning = Assert.Single(table.Diagnostics);
            Assert.Equal(
                (DiagnosticSeverity.Warning, "default/newer", "spec.rules[0].http.paths[1].path"),
                (warning.Severity, warning.ObjectName, warning.Field));
            Assert.Contains("default/older", warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_Ingress_without_a_creationTimestamp_counts_as_newer_than_every_Ingress_with_one()
    {
        var undated = Ingress("a-undated", Rule("shop.example.com", Prefix("/", "undated", 80)));
        var dated = Ingress("z-dated", Rule("shop.example.com", Prefix("/", "dated", 80))) with { CreationTimestamp = At(50) };

        var table = RouteTable.Build([undated, dated]);

        Assert.Equal("dated", table.Match("shop.example.com", "/").Route?.Backend.ServiceName);
        Assert.Equal("default/a-undated", Assert.Single(table.Diagnostics).ObjectName);
    }

    [Theory]
    [InlineData("team-a", "web", "team-b", "web", "team-a/web")]
    [InlineData("team-b", "a", "team-a", "z", "team-a/z")]
    [InlineData("default", "web-2", "default", "web1", "default/web-2")]
    [InlineData("default", "web.b", "default", "web-b", "default/web-b")]
    public void Equal_timestamps_are_settled_by_namespace_then_name_in_ordinal_order(string ns1, string name1, string ns2, string name2, string winner)
    {
        var first = new IngressDefinition { Namespace = ns1, Name = name1, CreationTimestamp = At(7), Rules = [Rule("shop.example.com", Prefix("/", "one", 80))] };
        var second = new IngressDefinition { Namespace = ns2, Name = name2, CreationTimestamp = At(7), Rules = [Rule("shop.example.com", Prefix("/", "two", 80))] };

        foreach (var order in new[] { new[] { first, second }, [second, first] })
        {
            var route = RouteTable.Build(order).Match("shop.example.com", "/").Route;

            Assert.Equal(winner, route?.Ingress.QualifiedName);
        }
    }

    [Fact]
    public void Timestamps_are_compared_as_instants_whatever_their_offset()
    {
        // 10:00+02:00 is 08:00Z, earlier than 09:00Z.
        var early = Ingress("z-early", Rule("shop.example.com", Prefix("/", "early", 80))) with { CreationTimestamp = new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.FromHours(2)) };
        var late = Ingress("a-late", Rule("shop.example.com", Prefix("/", "late", 80))) with { CreationTimestamp = new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero) };

        Assert.Equal("early", RouteTable.Build([late, early]).Match("shop.example.com", "/").Route?.Backend.ServiceName);
    }

    [Fact]
    public void ImplementationSpecific_and_Prefix_of_the_same_path_are_duplicates()
    {
        var older = Ingress("older", Rule("shop.example.com", Specific("/api", "specific", 80))) with { CreationTimestamp = At(1) };
        var newer = Ingress("newer", Rule("shop.example.com", Prefix("/api", "prefix", 80))) with { CreationTimestamp = At(2) };

        var table = RouteTable.Build([newer, older]);

        var route = table.Match("shop.example.com", "/api/v1").Route;
        Assert.Equal(("specific", PathType.ImplementationSpecific), (route?.Backend.ServiceName, route?.PathType));
        Assert.Equal(("default/newer", DiagnosticSeverity.Warning), (Assert.Single(table.Diagnostics).ObjectName, table.Diagnostics[0].Severity));
    }

    [Fact]
    public void Exact_and_Prefix_of_the_same_path_are_not_duplicates()
    {
        var older = Ingress("older", Rule("shop.example.com", Prefix("/api", "prefix", 80))) with { CreationTimestamp = At(1) };
        var newer = Ingress("newer", Rule("shop.example.com", Exact("/api", "exact", 80))) with { CreationTimestamp = At(2) };

        var table = RouteTable.Build([older, newer]);

        Assert.Empty(table.Diagnostics);
        Assert.Equal("exact", table.Match("shop.example.com", "/api").Route?.Backend.ServiceName);
        Assert.Equal("prefix", table.Match("shop.example.com", "/api/").Route?.Backend.ServiceName);
        Assert.Equal("prefix", table.Match("shop.example.com", "/api/v1").Route?.Backend.ServiceName);
    }

    [Fact]
    public void The_same_path_twice_in_one_Ingress_goes_to_the_first_declared()
    {
        var ingress = Ingress("twice", Rule("shop.example.com", Prefix("/a", "first", 80)), Rule("shop.example.com", Prefix("/a", "second", 80)));

        var table = RouteTable.Build([ingress]);

        Assert.Equal("first", table.Match("shop.example.com", "/a").Route?.Backend.ServiceName);
        Assert.Equal("spec.rules[1].http.paths[0].path", Assert.Single(table.Diagnostics).Field);
    }

    [Fact]
    public void Prefix_with_a_trailing_slash_beats_the_same_prefix_without_even_from_a_newer_Ingress()
    {
        var older = Ingress("older", Rule("shop.example.com", Prefix("/foo", "no-slash", 80))) with { CreationTimestamp = At(1) };
        var newer = Ingress("newer", Rule("shop.example.com", Prefix("/foo/", "slash", 80))) with { CreationTimestamp = At(2) };

        var table = RouteTable.Build([older, newer]);

        Assert.Equal("slash", table.Match("shop.example.com", "/foo").Route?.Backend.ServiceName);
        Assert.Equal("slash", table.Match("shop.example.com", "/foo/bar").Route?.Backend.ServiceName);
        var warning = Assert.Single(table.Diagnostics);
        Assert.Equal(("default/older", "spec.rules[0].http.paths[0].path"), (warning.ObjectName, warning.Field));
        Assert.Contains("never selected", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/foo", "/foo/")]
    [InlineData("/foo/", "/foo")]
    public void The_warning_names_the_Prefix_without_the_slash_whichever_Ingress_is_older(string olderPath, string newerPath)
    {
        var older = Ingress("older", Rule("shop.example.com", Prefix(olderPath, "older", 80))) with { CreationTimestamp = At(1) };
        var newer = Ingress("newer", Rule("shop.example.com", Prefix(newerPath, "newer", 80))) with { CreationTimestamp = At(2) };

        var table = RouteTable.Build([newer, older]);

        var warning = Assert.Single(table.Diagnostics);
        var (loser, winner) = olderPath == "/foo" ? ("default/older", "default/newer") : ("default/newer", "default/older");
        Assert.Equal((loser, "spec.rules[0].http.paths[0].path"), (warning.ObjectName, warning.Field));
        Assert.Equal(
            $"host shop.example.com Prefix /foo is never selected: Prefix /foo/ of {winner} matches the same requests and the longer path wins",
            warning.Message);
    }

    [Fact]
    public void A_host_less_rule_is_named_so_in_its_warnings()
    {
        var older = Ingress("older", Rule(null, Prefix("/cart", "cart-v1", 80))) with { CreationTimestamp = At(1) };
        var newer = Ingress("newer", Rule(null, Prefix("/cart", "cart-v2", 80))) with { CreationTimestamp = At(2) };

        var warning = Assert.Single(RouteTable.Build([newer, older]).Diagnostics);

        Assert.StartsWith("host-less rule path /cart (Prefix) is already defined by older Ingress default/older", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_default_backend_for_a_host_or_for_everything_goes_unused_with_a_warning()
    {
        var older = Ingress("older", Rule("shop.example.com", Prefix("/a", "a", 80))) with { CreationTimestamp = At(1), DefaultBackend = IngressBackend.ForService("older-default", 80) };
        var newer = Ingress("newer", Rule("shop.example.com", Prefix("/b", "b", 80))) with { CreationTimestamp = At(2), DefaultBackend = IngressBackend.ForService("newer-default", 80) };
        var catchAll = DefaultBackendOnly("catch-all", "catch-all", 80) with { CreationTimestamp = At(1) };
        var secondCatchAll = DefaultBackendOnly("second-catch-all", "second", 80) with { CreationTimestamp = At(2) };

        var table = RouteTable.Build([secondCatchAll, newer, catchAll, older]);

        Assert.Equal("older-default", table.Match("shop.example.com", "/other").Route?.Backend.ServiceName);
        Assert.Equal("catch-all", table.Match("unknown.example.com", "/").Route?.Backend.ServiceName);
        Assert.Equal(
            [
                ("default/newer", "host shop.example.com already takes its default backend from older Ingress default/older; this one is not used there"),
                ("default/second-catch-all", "the catch-all default backend is already taken by older Ingress default/catch-all; this one is not used"),
            ],
            table.Diagnostics.Select(d => (d.ObjectName, d.Message)).Order());
        Assert.All(table.Diagnostics, d => Assert.Equal(("spec.defaultBackend", DiagnosticSeverity.Warning), (d.Field, d.Severity)));
    }

    [Fact]
    public void A_resource_default_backend_is_not_served_and_says_so()
    {
        var bucket = new IngressBackend { Resource = new IngressResourceReference("k8s.example.com", "StorageBucket", "static") };
        var hostDefault = Ingress("host-default", Rule("shop.example.com", Prefix("/a", "a", 80))) with { DefaultBackend = bucket };
        var catchAll = Ingress("catch-all") with { DefaultBackend = bucket };

        var table = RouteTable.Build([hostDefault, catchAll]);

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("shop.example.com", "/other").Status);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("unknown.example.com", "/").Status);
        Assert.Equal(2, table.Diagnostics.Count);
        Assert.All(table.Diagnostics, d => Assert.Equal(
            ("spec.defaultBackend", $"resource backend {bucket.Resource} is not supported; the default backend is not served"),
            (d.Field, d.Message)));
    }

    [Fact]
    public void Exact_beats_a_trailing_slash_Prefix_on_the_same_elements()
    {
        // docs/matching.md §3 "Reading chosen": elements are counted, so Exact /foo and Prefix /foo/ tie and Exact wins.
        var table = RouteTable.Build([Ingress("a", Rule("shop.example.com", Prefix("/foo/", "prefix", 80), Exact("/foo", "exact", 80)))]);

        Assert.Equal("exact", table.Match("shop.example.com", "/foo").Route?.Backend.ServiceName);
        Assert.Equal("prefix", table.Match("shop.example.com", "/foo/").Route?.Backend.ServiceName);
    }

    [Fact]
    public void Ingresses_naming_the_same_host_merge_into_one_virtual_host()
    {
        var cart = Ingress("cart", Rule("shop.example.com", Prefix("/cart", "cart", 80)));
        var search = Ingress("search", Rule("shop.example.com", Prefix("/search", "search", 80)));

        var table = RouteTable.Build([cart, search]);

        Assert.Equal("cart", table.Match("shop.example.com", "/cart").Route?.Backend.ServiceName);
        Assert.Equal("search", table.Match("shop.example.com", "/search").Route?.Backend.ServiceName);
        Assert.Empty(table.Diagnostics);
    }

    [Fact]
    public void A_host_takes_its_default_backend_from_the_oldest_of_its_Ingresses_that_has_one()
    {
        var older = Ingress("older", Rule("shop.example.com", Prefix("/a", "a", 80))) with { CreationTimestamp = At(1), DefaultBackend = IngressBackend.ForService("fallback-old", 80) };
        var newer = Ingress("newer", Rule("shop.example.com", Prefix("/b", "b", 80))) with { CreationTimestamp = At(2), DefaultBackend = IngressBackend.ForService("fallback-new", 80) };
        var plain = Ingress("plain", Rule("shop.example.com", Prefix("/c", "c", 80))) with { CreationTimestamp = At(0) };

        var table = RouteTable.Build([newer, plain, older]);

        var match = table.Match("shop.example.com", "/zzz");
        Assert.Equal((RouteMatchStatus.DefaultBackend, RouteKind.HostDefaultBackend, "fallback-old"), (match.Status, match.Route?.Kind, match.Route?.Backend.ServiceName));
        var warning = Assert.Single(table.Diagnostics);
        Assert.Equal(("default/newer", "spec.defaultBackend"), (warning.ObjectName, warning.Field));
    }

    [Fact]
    public void The_catch_all_is_the_oldest_Ingress_without_rules_and_a_newer_one_gets_a_warning()
    {
        var older = DefaultBackendOnly("older", "catch-old", 80) with { CreationTimestamp = At(1) };
        var newer = DefaultBackendOnly("newer", "catch-new", 80) with { CreationTimestamp = At(2) };

        var table = RouteTable.Build([newer, older]);

        Assert.Equal("catch-old", table.CatchAll?.Backend.ServiceName);
        Assert.Equal("catch-old", table.Match("anything.example", "/x").Route?.Backend.ServiceName);
        Assert.Equal(("default/newer", "spec.defaultBackend"), (Assert.Single(table.Diagnostics).ObjectName, table.Diagnostics[0].Field));
    }

    [Fact]
    public void A_host_default_backend_serves_only_the_hosts_of_its_own_Ingress()
    {
        var withDefault = Ingress("with-default", Rule("a.example.com", Prefix("/a", "a", 80))) with { DefaultBackend = IngressBackend.ForService("a-default", 80) };
        var other = Ingress("other", Rule("b.example.com", Prefix("/b", "b", 80)));

        var table = RouteTable.Build([withDefault, other]);

        Assert.Equal("a-default", table.Match("a.example.com", "/zzz").Route?.Backend.ServiceName);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("b.example.com", "/zzz").Status);
    }

    [Fact]
    public void A_known_host_without_a_matching_path_falls_back_to_the_catch_all_not_to_wildcard_or_host_less_rules()
    {
        var table = RouteTable.Build(
        [
            Ingress("exact", Rule("api.example.com", Prefix("/v1", "exact", 80))),
            Ingress("wildcard", Rule("*.example.com", Prefix("/", "wildcard", 80))),
            Ingress("hostless", Rule(null, Prefix("/", "hostless", 80))),
            DefaultBackendOnly("catch-all", "catch-all", 80),
        ]);

        var match = table.Match("api.example.com", "/v2");

        Assert.Equal((RouteMatchStatus.DefaultBackend, RouteKind.CatchAll, "catch-all"), (match.Status, match.Route?.Kind, match.Route?.Backend.ServiceName));
    }

    [Fact]
    public void The_same_namespace_and_name_twice_serves_neither_copy()
    {
        var first = Ingress("web", Rule("a.example.com", Prefix("/", "a", 80)));
        var second = Ingress("web", Rule("b.example.com", Prefix("/", "b", 80)));
        var other = Ingress("other", Rule("c.example.com", Prefix("/", "c", 80)));

        var table = new RouteTableBuilder().AddRange([first, second, other]).Build();

        Assert.Equal(["default/other"], table.Ingresses.Select(i => i.QualifiedName));
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("a.example.com", "/").Status);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("b.example.com", "/").Status);
        Assert.All(table.Diagnostics, d => Assert.Equal((DiagnosticSeverity.Error, "default/web", "metadata.name"), (d.Severity, d.ObjectName, d.Field)));
        Assert.Equal(2, table.Diagnostics.Count);
    }

    [Fact]
    public void The_builder_reports_the_diagnostics_of_its_last_build()
    {
        var builder = new RouteTableBuilder().Add(Ingress("a", Rule("*", Prefix("/", "a", 80))));

        var table = builder.Build();

        Assert.Same(table.Diagnostics, builder.Diagnostics);
        Assert.Single(builder.Diagnostics);
    }
}
