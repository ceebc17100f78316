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

    [Fact]
    public void A_regex_mode_host_is_explained_in_nginx_order()
    {
        var table = RouteTable.Build(
        [
            Ingress("regex", Rule("regex.example.com", Specific("/v[0-9]+/items", "items", 80), Prefix("/v1", "v1", 80), Prefix("/other", "other", 80)))
                with { Annotations = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/use-regex"] = "true" } },
        ]);

        var explanation = table.Explain("regex.example.com", "/v1/items");

        Assert.Equal("items", explanation.Result.Route?.Backend.ServiceName);
        var selected = Verdict(explanation, "/v[0-9]+/items", host: "regex.example.com");
        Assert.StartsWith("selected: host regex.example.com is in regex mode", selected, StringComparison.Ordinal);
        Assert.Contains("^/v[0-9]+/items (location 1 of 3) is the first that matches", selected, StringComparison.Ordinal);
        Assert.StartsWith(
            "regex ^/v1 matches, but location ImplementationSpecific /v[0-9]+/items of default/regex comes first in nginx's order",
            Verdict(explanation, "/v1", host: "regex.example.com"),
            StringComparison.Ordinal);
        Assert.StartsWith("regex ^/other does not match /v1/items (", Verdict(explanation, "/other", host: "regex.example.com"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_default_backend_verdict_is_explained()
    {
        var table = RouteTable.Build(
        [
            Ingress("shop", Rule("shop.example.com", Prefix("/cart", "cart", 80))) with { DefaultBackend = IngressBackend.ForService("shop-default", 80) },
            Ingress("blog", Rule("blog.example.com", Prefix("/posts", "posts", 80))),
            DefaultBackendOnly("catch-all", "catch-all", 80),
        ]);

        var cart = table.Explain("shop.example.com", "/cart");
        var shopDefault = table.Explain("shop.example.com", "/nothing");
        var blog = table.Explain("blog.example.com", "/nothing");
        var other = table.Explain("other.example.com", "/");

        Assert.Equal("default backend of this host: used only when no path matches", DefaultVerdict(cart, RouteKind.HostDefaultBackend));
        Assert.Equal("catch-all default backend: used only when no path matches", DefaultVerdict(cart, RouteKind.CatchAll));
        Assert.Equal(
            "selected: no path of host shop.example.com matches, so its default backend (from default/shop) takes the request",
            DefaultVerdict(shopDefault, RouteKind.HostDefaultBackend));
        Assert.Equal("catch-all default backend: the host's own default backend comes first", DefaultVerdict(shopDefault, RouteKind.CatchAll));
        Assert.Equal(
            "selected: no path of host blog.example.com matches and it has no default backend, so the catch-all (from default/catch-all) takes the request",
            DefaultVerdict(blog, RouteKind.CatchAll));
        Assert.Equal("default backend of shop.example.com, which the request host did not select", DefaultVerdict(blog, RouteKind.HostDefaultBackend));
        Assert.Equal(
            "selected: no rule host matches, so the catch-all default backend (from default/catch-all) takes the request",
            DefaultVerdict(other, RouteKind.CatchAll));
        Assert.Equal("rule host blog.example.com does not match 'other.example.com'", Verdict(other, "/posts", host: "blog.example.com"));
    }

    [Fact]
    public void A_wildcard_that_does_not_cover_the_host_is_explained()
    {
        var explanation = Table.Explain("shop.example.org", "/");

        Assert.Equal("rule host *.example.com does not match 'shop.example.org'", Verdict(explanation, "/", host: "*.example.com"));
        Assert.Equal("rule host shop.example.com does not match 'shop.example.org'", Verdict(explanation, "/api", PathType.Exact));
        Assert.Equal("no rule host matches 'shop.example.org'; the host-less rules apply", explanation.VirtualHost);
    }

    [Fact]
    public void Explain_refuses_null()
    {
        Assert.Throws<ArgumentNullException>("host", () => Table.Explain(null!, "/"));
        Assert.Throws<ArgumentNullException>("path", () => Table.Explain("shop.example.com", null!));
    }

    private static string DefaultVerdict(RouteExplanation explanation, RouteKind kind) =>
        explanation.Verdicts.Single(v => v.Route.Kind == kind).Reason;

    private static string Verdict(RouteExplanation explanation, string path, PathType? type = null, string? host = "shop.example.com") =>
        explanation.Verdicts.Single(v =>
            v.Route.Kind == RouteKind.Path && v.Route.Path == path && v.Route.Host == host && (type is null || v.Route.PathType == type)).Reason;
}
