using System.Collections.Frozen;
using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Tests.Building;

/// <summary>
/// server-alias in the route table, as ingress-nginx's createServers decides it: the host's first
/// Ingress that sets aliases gives them; an alias that is a rule host, or an older host's alias, is
/// dropped with a warning.
/// </summary>
public sealed class ServerAliasBuildTests
{
    private static IngressDefinition Aliased(string name, string host, int minute, string? aliases, string service = "web") =>
        Ingress(name, Rule(host, Prefix("/", service, 80))) with
        {
            CreationTimestamp = At(minute),
            Annotations = aliases is null
                ? FrozenDictionary<string, string>.Empty
                : new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/server-alias"] = aliases }.ToFrozenDictionary(),
        };

    [Fact]
    public void An_alias_selects_its_host_exact_and_wildcard()
    {
        var table = RouteTable.Build([Aliased("main", "foo.example.com", 1, "bar.example.com, *.baz.example.com")]);

        Assert.Equal("foo.example.com", table.Match("BAR.example.com:8080", "/x").Route!.Host);
        Assert.Equal("foo.example.com", table.Match("a.baz.example.com", "/").Route!.Host);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("a.b.baz.example.com", "/").Status);
        Assert.Equal([("bar.example.com", "foo.example.com"), ("*.baz.example.com", "foo.example.com")], table.Aliases.OrderByDescending(a => a.Alias));
    }

    [Fact]
    public void The_first_Ingress_of_the_host_with_aliases_gives_them()
    {
        var table = RouteTable.Build([
            Aliased("plain", "foo.example.com", 1, null),
            Aliased("first", "foo.example.com", 2, "one.example.com") with { Rules = [Rule("foo.example.com", Prefix("/a", "web", 80))] },
            Aliased("second", "foo.example.com", 3, "two.example.com") with { Rules = [Rule("foo.example.com", Prefix("/b", "web", 80))] },
        ]);

        Assert.Equal(RouteMatchStatus.Matched, table.Match("one.example.com", "/").Status);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("two.example.com", "/").Status);
    }

    [Fact]
    public void An_alias_that_is_a_host_or_an_older_hosts_alias_is_dropped_with_a_warning()
    {
        var builder = new RouteTableBuilder().AddRange([
            Aliased("a", "a.example.com", 1, "shared.example.com, b.example.com"),
            Aliased("b", "b.example.com", 2, "shared.example.com", service: "other"),
        ]);
        var table = builder.Build();

        Assert.Equal("a.example.com", table.Match("shared.example.com", "/").Route!.Host);
        Assert.Equal("b.example.com", table.Match("b.example.com", "/").Route!.Host);
        Assert.Contains(builder.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Name == "a" && d.Message.Contains("server-alias b.example.com of host a.example.com is a host of its own", StringComparison.Ordinal));
        Assert.Contains(builder.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Name == "b" && d.Message.Contains("already an alias of host a.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public void The_www_twin_of_a_host_is_not_made_over_an_alias()
    {
        var www = Aliased("www", "example.com", 1, "www.example.com") with
        {
            Annotations = new Dictionary<string, string>
            {
                ["nginx.ingress.kubernetes.io/server-alias"] = "www.example.com",
                ["nginx.ingress.kubernetes.io/from-to-www-redirect"] = "true",
            }.ToFrozenDictionary(),
        };

        var table = RouteTable.Build([www]);

        Assert.Equal(RouteMatchStatus.Matched, table.Match("www.example.com", "/").Status);
    }
}
