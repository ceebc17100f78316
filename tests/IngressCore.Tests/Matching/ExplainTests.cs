using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Matching;

/// <summary>
/// <see cref="RouteTable.Explain"/>: the same decision as Match, with a reason for every route,
/// so that "why is this a 404?" has an answer.
/// </summary>
public sealed class ExplainTests
{
    private static readonly RouteTable Table = RouteTable.Build(
    [
        Ingress(
            "shop",
            Rule(
                "shop.example.com",
                Prefix("/Cart", "cart", 80),
                Exact("/login", "login", 80),
                Prefix("/api", "api-prefix", 80),
                Exact("/api", "api-exact", 80),
                Prefix("/api/v1", "api-v1", 80),
                Prefix("/docs", "docs", 80),
                Prefix("/docs/", "docs-slash", 80))),
        Ingress("tenants", Rule("*.example.com", Prefix("/", "tenants", 80))),
        Ingress("fallback", Rule(null, Prefix("/", "fallback", 80))),
    ]);

    [Fact]
    public void A_case_difference_is_explained()
    {
        var explanation = Table.Explain("shop.example.com", "/cart/items");

        Assert.Equal(RouteMatchStatus.NotFound, explanation.Result.Status);
        Assert.Contains("only in case", Verdict(explanation, "/Cart"), StringComparison.Ordinal);
        Assert.Contains("404", explanation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trailing_slash_on_an_Exact_path_is_explained()
    {
        Assert.Contains("Exact never ignores a trailing slash", Verdict(Table.Explain("shop.example.com", "/login/"), "/login"), StringComparison.Ordinal);
    }

    [Fact]
    public void Whole_element_comparison_is_explained()
    {
        Assert.Contains("whole path elements", Verdict(Table.Explain("shop.example.com", "/apiary"), "/api", PathType.Prefix), StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_beating_Prefix_and_longer_paths_winning_are_explained()
    {
        var exact = Table.Explain("shop.example.com", "/api");
        var longer = Table.Explain("shop.example.com", "/api/v1/items");

        Assert.Equal("api-exact", exact.Result.Route?.Backend.ServiceName);
        Assert.Contains("Exact beats Prefix", Verdict(exact, "/api", PathType.Prefix), StringComparison.Ordinal);
        Assert.StartsWith("selected", Verdict(exact, "/api", PathType.Exact), StringComparison.Ordinal);
        Assert.Equal("api-v1", longer.Result.Route?.Backend.ServiceName);
        Assert.Contains("a longer path wins", Verdict(longer, "/api", PathType.Prefix), StringComparison.Ordinal);
        Assert.Equal(exact.Verdicts.Single(v => v.Selected).Reason, exact.Reason);
    }

    [Fact]
    public void A_Prefix_shadowed_by_its_trailing_slash_twin_is_explained()
    {
        var explanation = Table.Explain("shop.example.com", "/docs/intro");

        Assert.Equal("docs-slash", explanation.Result.Route?.Backend.ServiceName);
        Assert.Contains("the longer path wins", Verdict(explanation, "/docs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Host_selection_is_explained()
    {
        var exact = Table.Explain("SHOP.example.com:8443", "/api");
        var wildcard = Table.Explain("blog.example.com", "/");
        var tooDeep = Table.Explain("a.blog.example.com", "/");

        Assert.Equal("exact rule host shop.example.com", exact.VirtualHost);
        Assert.Contains("takes precedence", Verdict(exact, "/", host: "*.example.com"), StringComparison.Ordinal);
        Assert.Contains("host-less rule", Verdict(exact, "/", host: null), StringComparison.Ordinal);
        Assert.Contains("wildcard *.example.com", wildcard.VirtualHost, StringComparison.Ordinal);
        Assert.Contains("exactly one", Verdict(tooDeep, "/", host: "*.example.com"), StringComparison.Ordinal);
        Assert.Contains("host-less rules apply", tooDeep.VirtualHost, StringComparison.Ordinal);
        Assert.Equal("fallback", tooDeep.Result.Route?.Backend.ServiceName);
    }

    [Fact]
    public void The_host_is_explained_with_the_same_ASCII_case_folding_that_Match_uses()
    {
        // U+212A KELVIN SIGN lower-cases to 'k' in Unicode. Match folds ASCII only, so
        // "\u212A.example.com" has no valid first label and selects the host-less rules; the
        // explanation must not claim that the wildcard covers it.
        var explanation = Table.Explain("\u212A.example.com", "/");

        Assert.Equal("fallback", explanation.Result.Route?.Backend.ServiceName);
        Assert.DoesNotContain("covers", Verdict(explanation, "/", host: "*.example.com"), StringComparison.Ordinal);
        Assert.DoesNotContain("'k.example.com'", explanation.VirtualHost, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_request_is_explained()
    {
        var explanation = Table.Explain("shop.example.com", "/a/../..");

        Assert.Equal(RouteMatchStatus.BadRequest, explanation.Result.Status);
        Assert.Equal(string.Empty, explanation.NormalizedPath);
        Assert.Contains("400", explanation.Reason, StringComparison.Ordinal);
        Assert.All(explanation.Verdicts, v => Assert.Contains("malformed", v.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Default_backends_are_explained()
    {
        var table = RouteTable.Build(
        [
            Ingress("shop", Rule("shop.example.com", Prefix("/cart", "cart", 80))) with { DefaultBackend = IngressBackend.ForService("shop-default", 80) },
            DefaultBackendOnly("catch-all", "catch-all", 80),
        ]);

        var hostDefault = table.Explain("shop.example.com", "/nothing");
        var catchAll = table.Explain("other.example.com", "/");

        Assert.Equal(RouteMatchStatus.DefaultBackend, hostDefault.Result.Status);
        Assert.Contains("default backend", hostDefault.Reason, StringComparison.Ordinal);
        Assert.Contains("catch-all", catchAll.Reason, StringComparison.Ordinal);
        Assert.Contains("no rule host matches", catchAll.VirtualHost, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_mismatch_behind_a_404_is_reported_with_the_table()
    {
        var table = RouteTable.Build([Ingress("shop", Rule("shop.example.com", Prefix("/", "shop", 80))) with { IngressClassName = "nginx" }]);

        var explanation = table.Explain("shop.example.com", "/");

        Assert.Equal(RouteMatchStatus.NotFound, explanation.Result.Status);
        Assert.Empty(explanation.Verdicts);
        var info = Assert.Single(table.Diagnostics, d => d.Kind == "Ingress");
        Assert.Equal((DiagnosticSeverity.Info, "default/shop"), (info.Severity, info.ObjectName));
        Assert.Contains("'nginx'", info.Message, StringComparison.Ordinal);
        Assert.Contains("'ingresscore'", info.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_normalises_like_Match_and_lists_every_route()
    {
        var explanation = Table.Explain("shop.example.com", "/api/x/..//v1/%2e/items?page=2");

        Assert.Equal("/api/v1/items", explanation.NormalizedPath);
        Assert.Equal(Table.Routes.Count, explanation.Verdicts.Count);
        Assert.Equal(Table.Match("shop.example.com", "/api/x/..//v1/%2e/items?page=2").Route, explanation.Result.Route);
    }

    private static string Verdict(RouteExplanation explanation, string path, PathType? type = null, string? host = "shop.example.com") =>
        explanation.Verdicts.Single(v =>
            v.Route.Kind == RouteKind.Path && v.Route.Path == path && v.Route.Host == host && (type is null || v.Route.PathType == type)).Reason;
}
