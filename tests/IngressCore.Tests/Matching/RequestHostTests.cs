using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Matching;

/// <summary>
/// docs/matching.md §2: the request host is compared ASCII case-insensitively, without its port
/// and one trailing dot, and selects one virtual host: exact, else one-label wildcard, else
/// host-less.
/// </summary>
public sealed class RequestHostTests
{
    private static readonly RouteTable Table = RouteTable.Build(
    [
        Ingress(
            "hosts",
            Rule("shop.example.com", Prefix("/", "shop", 80)),
            Rule("key.example.com", Prefix("/", "key", 80)),
            Rule("*.example.com", Prefix("/", "wildcard", 80)),
            Rule(null, Prefix("/", "any", 80))),
    ]);

    [Theory]
    [InlineData("shop.example.com", "shop")]
    [InlineData("SHOP.Example.COM", "shop")]
    [InlineData("shop.example.com:8080", "shop")]
    [InlineData("shop.example.com:", "shop")]
    [InlineData("shop.example.com.", "shop")]
    [InlineData("Shop.Example.Com.:443", "shop")]
    [InlineData("shop.example.com..", "any")]
    [InlineData("api.example.com", "wildcard")]
    [InlineData("API.EXAMPLE.COM:80", "wildcard")]
    [InlineData("api.example.com.", "wildcard")]
    [InlineData("a_b.example.com", "wildcard")]
    [InlineData("a-b.example.com", "wildcard")]
    [InlineData("a.b.example.com", "any")]
    [InlineData("example.com", "any")]
    [InlineData(".example.com", "any")]
    [InlineData("*.example.com", "any")]
    [InlineData("a*b.example.com", "any")]
    [InlineData("[::1]:8080", "any")]
    [InlineData("[::1]", "any")]
    [InlineData("[::1", "any")]
    [InlineData("127.0.0.1:80", "any")]
    [InlineData("", "any")]
    [InlineData("shop.example.com.evil.net", "any")]
    [InlineData("evilshop.example.com", "wildcard")]
    public void The_request_host_selects_exactly_one_virtual_host(string host, string service)
    {
        Assert.Equal(service, Table.Match(host, "/").Route?.Backend.ServiceName);
    }

    [Theory]
    [InlineData("\u212Aey.example.com")] // KELVIN SIGN lower-cases to 'k' in Unicode, but not in ASCII
    [InlineData("shop.example.\u0130om")] // LATIN CAPITAL I WITH DOT ABOVE
    [InlineData("sh\u017Fp.example.com")] // LATIN SMALL LONG S upper-cases to 'S'
    public void Hosts_compare_ASCII_case_insensitively_only(string host)
    {
        Assert.Equal("any", Table.Match(host, "/").Route?.Backend.ServiceName);
    }

    [Fact]
    public void An_exact_host_does_not_fall_back_to_the_wildcard_or_host_less_rules()
    {
        var table = RouteTable.Build(
        [
            Ingress("exact", Rule("api.example.com", Prefix("/v1", "exact", 80))),
            Ingress("wildcard", Rule("*.example.com", Prefix("/", "wildcard", 80))),
            Ingress("hostless", Rule(null, Prefix("/", "hostless", 80))),
        ]);

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("api.example.com", "/v2").Status);
        Assert.Equal("wildcard", table.Match("web.example.com", "/x").Route?.Backend.ServiceName);
        Assert.Equal("hostless", table.Match("example.org", "/x").Route?.Backend.ServiceName);
    }

    [Fact]
    public void A_wildcard_host_does_not_fall_back_to_host_less_rules()
    {
        var table = RouteTable.Build(
        [
            Ingress("wildcard", Rule("*.example.com", Exact("/only", "wildcard", 80))),
            Ingress("hostless", Rule(null, Prefix("/", "hostless", 80))),
        ]);

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("web.example.com", "/other").Status);
        Assert.Equal("wildcard", table.Match("WEB.example.com", "/only").Route?.Backend.ServiceName);
    }

    [Fact]
    public void Without_host_less_rules_an_unknown_host_gets_the_catch_all_or_404()
    {
        var withCatchAll = RouteTable.Build([Ingress("a", Rule("a.example.com", Prefix("/", "a", 80))), DefaultBackendOnly("catch", "catch", 80)]);
        var without = RouteTable.Build([Ingress("a", Rule("a.example.com", Prefix("/", "a", 80)))]);

        var caught = withCatchAll.Match("b.example.com", "/");
        Assert.Equal((RouteMatchStatus.DefaultBackend, RouteKind.CatchAll), (caught.Status, caught.Route?.Kind));
        Assert.Equal(RouteMatchStatus.NotFound, without.Match("b.example.com", "/").Status);
    }

    [Fact]
    public void More_specific_wildcards_are_separate_virtual_hosts()
    {
        var table = RouteTable.Build(
        [
            Ingress("outer", Rule("*.example.com", Prefix("/", "outer", 80))),
            Ingress("inner", Rule("*.eu.example.com", Prefix("/", "inner", 80))),
        ]);

        Assert.Equal("outer", table.Match("eu.example.com", "/").Route?.Backend.ServiceName);
        Assert.Equal("inner", table.Match("shop.eu.example.com", "/").Route?.Backend.ServiceName);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("a.shop.eu.example.com", "/").Status);
    }
}
