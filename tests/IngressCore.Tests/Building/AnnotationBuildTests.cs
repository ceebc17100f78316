using System.Collections.Frozen;
using static IngressCore.Tests.Support.Manifest;
using IngressCore.Annotations;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.Tests.Building;

/// <summary>How the builder takes annotations: refused whole on a bad value (docs/annotations.md, "What an invalid value does"), regex paths checked, policies carried.</summary>
public sealed class AnnotationBuildTests
{
    private static IngressDefinition Annotated(string name, string host, IngressPath path, int minute, params (string Name, string Value)[] annotations) =>
        Ingress(name, Rule(host, path)) with
        {
            CreationTimestamp = At(minute),
            Annotations = annotations.ToFrozenDictionary(a => "nginx.ingress.kubernetes.io/" + a.Name, a => a.Value),
        };

    [Theory]
    [InlineData("rewrite-target", "/$host")]
    [InlineData("ssl-redirect", "yes")]
    [InlineData("limit-rps", "-1")]
    [InlineData("configuration-snippet", "more_set_headers \"x: y\";")]
    [InlineData("permanent-redirect", "https://example.com/\r\nSet-Cookie: x")]
    public void An_invalid_annotation_refuses_the_whole_Ingress_and_names_it(string annotation, string value)
    {
        var bad = Annotated("bad", "a.example.com", Prefix("/", "web", 80), 1, (annotation, value));
        var good = Annotated("good", "b.example.com", Prefix("/", "web", 80), 2);

        var builder = new RouteTableBuilder().Add(bad).Add(good);
        var table = builder.Build();

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("a.example.com", "/").Status);
        Assert.Equal(RouteMatchStatus.Matched, table.Match("b.example.com", "/").Status);
        var error = Assert.Single(builder.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("bad", error.Name);
        Assert.Contains(annotation, error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reload_with_a_bad_annotation_keeps_the_last_good_version_serving()
    {
        var v1 = Annotated("site", "a.example.com", Prefix("/", "web-v1", 80), 1);
        var compiler = new SnapshotCompiler(new IngressRoutingOptions());
        var first = compiler.Compile(new IngressObjects { Ingresses = [v1] }, previous: null).Snapshot;

        var v2 = Annotated("site", "a.example.com", Prefix("/", "web-v2", 80), 1, ("proxy-body-size", "1 GB; evil"));
        var table = compiler.Compile(new IngressObjects { Ingresses = [v2] }, first).Snapshot.Routes;

        Assert.Equal("web-v1", table.Match("a.example.com", "/").Route?.Backend.ServiceName);
        Assert.Contains(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Name == "site");
    }

    [Theory]
    [InlineData("/api/(unclosed")]
    [InlineData("/a++b")]
    [InlineData(@"/x\")]
    public void An_ImplementationSpecific_path_that_is_not_a_regex_is_refused_even_outside_regex_mode(string path)
    {
        var builder = new RouteTableBuilder().Add(Annotated("paths", "a.example.com", Specific(path, "web", 80), 1));
        var table = builder.Build();

        Assert.Empty(table.Ingresses);
        var error = Assert.Single(builder.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("spec.rules[0].http.paths[0].path", error.Field);
        Assert.Contains("not a valid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Routes_carry_their_Ingress_policies_and_unmatched_paths_the_host_root_policies()
    {
        var first = Annotated("first", "a.example.com", Prefix("/app", "app", 80), 1, ("proxy-body-size", "8m"));
        var second = Annotated("second", "a.example.com", Prefix("/api", "api", 80), 2, ("proxy-body-size", "1k"));
        var table = RouteTable.Build([second, first]);

        Assert.Equal(1024, table.Match("a.example.com", "/api/x").Policies.ProxyBodySize?.LimitBytes);
        Assert.Equal(8L * 1024 * 1024, table.Match("a.example.com", "/app").Policies.ProxyBodySize?.LimitBytes);
        // No path matches: nginx's root location carries the host's first Ingress's annotations (docs/matching.md).
        var fallback = table.Match("a.example.com", "/other");
        Assert.Equal(RouteMatchStatus.NotFound, fallback.Status);
        Assert.Equal(8L * 1024 * 1024, fallback.Policies.ProxyBodySize?.LimitBytes);
    }

    [Fact]
    public void The_first_Ingress_of_a_host_sets_regex_mode_through_the_root_location_even_without_paths()
    {
        // ingress-nginx gives a rule without paths a root location with that Ingress's annotations;
        // use-regex on it puts the whole server in regex mode (docs/matching.md).
        var first = Ingress("first", new IngressRule { Host = "a.example.com" }) with
        {
            CreationTimestamp = At(1),
            Annotations = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/use-regex"] = "true" },
        };
        var second = Annotated("second", "a.example.com", Prefix("/api", "api", 80), 2);

        var regex = RouteTable.Build([second, first]);
        var plain = RouteTable.Build([second]);

        Assert.Equal("api", regex.Match("a.example.com", "/API").Route?.Backend.ServiceName);
        Assert.Equal("api", regex.Match("a.example.com", "/apix").Route?.Backend.ServiceName);
        Assert.Equal(RouteMatchStatus.NotFound, plain.Match("a.example.com", "/API").Status);
    }

    [Fact]
    public void An_Ingress_put_in_regex_mode_by_another_of_its_host_is_told_so()
    {
        var regex = Annotated("regex", "a.example.com", Specific("/v[0-9]+", "versions", 80), 1, ("use-regex", "true"));
        var plain = Ingress("plain", Rule("a.example.com", Prefix("/api", "api", 80), Exact("/exact", "exact", 80))) with { CreationTimestamp = At(2) };
        var specific = Ingress("specific", Rule("a.example.com", Specific("/specific", "specific", 80))) with { CreationTimestamp = At(3) };

        var table = RouteTable.Build([specific, plain, regex]);

        var warning = Assert.Single(table.Diagnostics);
        Assert.Equal(("plain", "spec.rules"), (warning.Name, warning.Field));
        Assert.Equal(
            "host a.example.com is in regex mode (Ingress default/regex sets use-regex or rewrite-target, as in ingress-nginx), so this Ingress's Exact and Prefix paths are matched as case-insensitive regexes anchored at the start: /foo also takes /foobar and /FOO",
            warning.Message);
        Assert.Equal("api", table.Match("a.example.com", "/apix").Route?.Backend.ServiceName);
    }

    [Fact]
    public void Regex_mode_from_the_root_location_names_it_as_the_cause()
    {
        var first = Ingress("first", new IngressRule { Host = "a.example.com" }) with
        {
            CreationTimestamp = At(1),
            Annotations = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/use-regex"] = "true" },
        };
        var second = Annotated("second", "a.example.com", Prefix("/api", "api", 80), 2);

        var warning = Assert.Single(RouteTable.Build([second, first]).Diagnostics);

        Assert.Equal("second", warning.Name);
        Assert.StartsWith("host a.example.com is in regex mode (its first Ingress's root location sets use-regex", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_root_in_regex_mode_is_never_selected_and_is_told_so()
    {
        var ingress = Ingress("site", Rule("a.example.com", Exact("/", "root", 80), Specific("/v[0-9]+", "versions", 80))) with
        {
            CreationTimestamp = At(1),
            Annotations = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/use-regex"] = "true" },
        };

        var table = RouteTable.Build([ingress]);

        var warning = Assert.Single(table.Diagnostics);
        Assert.Equal("spec.rules[0].http.paths[0].path", warning.Field);
        Assert.Equal(
            "host a.example.com is in regex mode, where Exact / is never selected: the root location ^/ comes first and takes every request no other path takes (as in ingress-nginx)",
            warning.Message);
    }

    [Fact]
    public void In_regex_mode_a_Prefix_beside_an_Exact_of_the_same_path_keeps_to_whole_elements()
    {
        // ingress-nginx turns Prefix /p into /p/ when an Exact /p exists (on an Ingress without
        // use-regex or a rewrite), so as a regex it is ^/p/ and the Exact, itself ^/p in regex
        // mode, takes /p and /px.
        var regex = Annotated("regex", "a.example.com", Specific("/v[0-9]+", "versions", 80), 1, ("use-regex", "true"));
        var site = Ingress("site", Rule("a.example.com", Prefix("/p", "prefix", 80), Exact("/p", "exact", 80))) with { CreationTimestamp = At(2) };

        var table = RouteTable.Build([regex, site]);

        Assert.Equal("exact", table.Match("a.example.com", "/p").Route?.Backend.ServiceName);
        Assert.Equal("prefix", table.Match("a.example.com", "/p/x").Route?.Backend.ServiceName);
        Assert.Equal("exact", table.Match("a.example.com", "/px").Route?.Backend.ServiceName);
    }

    [Fact]
    public void A_Prefix_root_of_a_newer_Ingress_replaces_the_root_location_and_its_app_root()
    {
        // ingress-nginx: a Prefix "/" path replaces the server's root location with its own
        // Ingress's annotations, so the first Ingress's app-root (on a rule without paths) is gone.
        var first = Ingress("first", new IngressRule { Host = "a.example.com" }) with
        {
            CreationTimestamp = At(1),
            Annotations = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/app-root"] = "/old" },
        };
        var root = Annotated("root", "a.example.com", Prefix("/", "root", 80), 2);
        var rootWithAppRoot = Annotated("root", "a.example.com", Prefix("/", "root", 80), 2, ("app-root", "/new"));

        Assert.Equal("/old", RouteTable.Build([first]).Match("a.example.com", "/").VirtualHost?.AppRoot?.Path);
        Assert.Null(RouteTable.Build([root, first]).Match("a.example.com", "/").VirtualHost?.AppRoot);
        Assert.Equal("/new", RouteTable.Build([rootWithAppRoot, first]).Match("a.example.com", "/").VirtualHost?.AppRoot?.Path);
    }

    [Fact]
    public void Of_two_app_roots_the_longest_location_s_decides_as_nginx_orders_them()
    {
        var older = Annotated("older", "a.example.com", Prefix("/", "root", 80), 1, ("app-root", "/a"));
        var newer = Annotated("newer", "a.example.com", Prefix("/b", "b", 80), 2, ("app-root", "/b"));

        Assert.Equal("/b", RouteTable.Build([older, newer]).Match("a.example.com", "/").VirtualHost?.AppRoot?.Path);
    }

    [Fact]
    public void A_client_certificate_requirement_of_the_oldest_Ingress_holds_for_the_whole_host()
    {
        // Server-level in ingress-nginx: a newer Ingress without auth-tls-* may not open the host.
        var older = Annotated("older", "a.example.com", Prefix("/admin", "admin", 80), 1, ("auth-tls-secret", "ca"), ("auth-tls-verify-client", "on"));
        var newer = Annotated("newer", "a.example.com", Prefix("/public", "public", 80), 2);
        var newest = Annotated("newest", "a.example.com", Prefix("/other", "other", 80), 3, ("auth-tls-secret", "other-ca"), ("auth-tls-verify-client", "optional"));

        var table = RouteTable.Build([newest, newer, older]);

        var host = table.Match("a.example.com", "/public").VirtualHost!;
        Assert.Equal("default/ca", host.ClientCertificates?.Secret.ToString());
        Assert.Equal(ClientCertificateVerification.On, host.ClientCertificates?.Verification);
    }

    [Fact]
    public void An_app_root_on_a_newer_Ingress_of_the_host_redirects_the_root()
    {
        // The root location (the oldest Ingress's annotations) has none, so the first location in
        // nginx's order that carries one decides (docs/annotations.md).
        var older = Annotated("older", "a.example.com", Prefix("/a", "a", 80), 1);
        var newer = Annotated("newer", "a.example.com", Prefix("/shop", "shop", 80), 2, ("app-root", "/shop/home"));

        var table = RouteTable.Build([newer, older]);

        Assert.Equal("/shop/home", table.Match("a.example.com", "/").VirtualHost?.AppRoot?.Path);
        Assert.Null(RouteTable.Build([older]).Match("a.example.com", "/").VirtualHost?.AppRoot);
    }

    [Fact]
    public void The_catch_all_keeps_its_policies_but_not_its_redirect_and_rewrite_group()
    {
        var catchAll = DefaultBackendOnly("fallback", "default-http-backend", 80) with
        {
            Annotations = new Dictionary<string, string>
            {
                ["nginx.ingress.kubernetes.io/permanent-redirect"] = "https://example.com/",
                ["nginx.ingress.kubernetes.io/rewrite-target"] = "/x",
                ["nginx.ingress.kubernetes.io/ssl-redirect"] = "false",
                ["nginx.ingress.kubernetes.io/proxy-body-size"] = "2k",
            }.ToFrozenDictionary(),
        };

        var policies = RouteTable.Build([catchAll]).Match("any.example.com", "/").Policies;

        Assert.Null(policies.Redirect);
        Assert.Null(policies.RewriteTarget);
        Assert.Null(policies.SslRedirect);
        Assert.Equal(2048, policies.ProxyBodySize?.LimitBytes);
    }

    [Fact]
    public void A_canary_Ingress_makes_no_route_of_its_own()
    {
        var primary = Annotated("primary", "a.example.com", Prefix("/", "web", 80), 1);
        var canary = Annotated("canary", "a.example.com", Prefix("/", "web-canary", 80), 2, ("canary", "true"), ("canary-weight", "10"));

        var table = RouteTable.Build([canary, primary]);

        var route = Assert.Single(table.Routes);
        Assert.Equal("web", route.Backend.ServiceName);
        Assert.Equal("web-canary", route.Canary?.Backend.ServiceName);
        Assert.Equal(10, route.Canary?.Policies.Canary?.Weight);
    }
}
