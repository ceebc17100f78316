using static IngressCore.Annotations.Tests.Engine.Gateway;
using IngressCore.Diagnostics;

namespace IngressCore.Annotations.Tests.Engine;

/// <summary>
/// app-root, permanent-redirect, temporal-redirect, relative-redirects and from-to-www-redirect through the
/// builder and the decider, each case mirroring an ingress-nginx e2e test (kubernetes/ingress-nginx
/// test/e2e/annotations/approot.go, redirect.go, relativeredirects.go, fromtowwwredirect.go;
/// traefik/ingress-nginx-migration e2e/approot_suite_test.go, e2e/redirect_suite_test.go).
/// docs/matching.md.
/// </summary>
public sealed class RedirectBehaviourTests
{
    /// <summary>approot.go "should redirect to /foo".</summary>
    [Fact]
    public void App_root_redirects_the_root_with_a_302()
    {
        var gateway = Of(Ingress("approot", "approot.bar.com").Annotate("app-root", "/foo").Path("/", "echo"));

        Expect.Redirect(gateway.Get("/", "approot.bar.com"), 302, "http://approot.bar.com/foo", "app-root");
    }

    /// <summary>
    /// migration approot_suite_test.go TestAppRoot ("root redirects to app-root", "root with query parameter",
    /// "root with multiple query parameters", "non-root path passthrough", "non-root path with trailing slash"):
    /// the query is dropped; the Host header is used as sent, port included (nginx <c>$http_host</c>).
    /// </summary>
    [Theory]
    [InlineData("app-root-test.nginx.local", "/", "http://app-root-test.nginx.local/dashboard")]
    [InlineData("app-root-test.nginx.local", "/?foo=bar", "http://app-root-test.nginx.local/dashboard")]
    [InlineData("app-root-test.nginx.local", "/?foo=bar&baz=qux", "http://app-root-test.nginx.local/dashboard")]
    [InlineData("app-root-test.nginx.local:8080", "/", "http://app-root-test.nginx.local:8080/dashboard")]
    public void App_root_keeps_the_host_port_and_drops_the_query(string host, string target, string location)
    {
        var gateway = Of(Ingress("app-root-test", "app-root-test.nginx.local").Annotate("app-root", "/dashboard").Path("/", "backend"));

        Expect.Redirect(gateway.Get(target, host), 302, location, "app-root");
    }

    [Theory]
    [InlineData("/other")]
    [InlineData("/some/path/")]
    public void App_root_passes_other_paths_through(string target)
    {
        var gateway = Of(Ingress("app-root-test", "app-root-test.nginx.local").Annotate("app-root", "/dashboard").Path("/", "backend"));

        Expect.Backend(gateway.Get(target, "app-root-test.nginx.local"), "backend", target);
    }

    /// <summary>migration approot_suite_test.go TestAppRootWithVariableInterpolation: <c>$is_args$args</c> keeps the query.</summary>
    [Theory]
    [InlineData("/", "http://app-root-var.nginx.local/login")]
    [InlineData("/?foo=bar", "http://app-root-var.nginx.local/login?foo=bar")]
    [InlineData("/?foo=bar&baz=qux", "http://app-root-var.nginx.local/login?foo=bar&baz=qux")]
    public void App_root_with_is_args_args_keeps_the_query(string target, string location)
    {
        var gateway = Of(Ingress("app-root-var", "app-root-var.nginx.local").Annotate("app-root", "/login$is_args$args").Path("/", "backend"));

        Expect.Redirect(gateway.Get(target, "app-root-var.nginx.local"), 302, location, "app-root");
    }

    /// <summary>approot.go (the request is plain HTTP on a host with TLS): app-root runs in the server rewrite phase, before ssl-redirect (docs/annotations.md).</summary>
    [Fact]
    public void App_root_runs_before_ssl_redirect()
    {
        var gateway = Of(Ingress("approot", "approot.bar.com").Tls().Annotate("app-root", "/foo").Path("/", "echo"));

        Expect.Redirect(gateway.Get("/", "approot.bar.com"), 302, "http://approot.bar.com/foo", "app-root");
        Expect.Redirect(gateway.Get("/foo", "approot.bar.com"), 308, "https://approot.bar.com/foo", "ssl-redirect");
    }

    /// <summary>redirect.go "should respond with a standard redirect code"; migration TestPermanentRedirectStatus, TestPermanentRedirectLocation.</summary>
    [Theory]
    [InlineData("/something")]
    [InlineData("/something/deeper?q=1")] // the Location is exactly the URL: no path, no query
    public void Permanent_redirect_is_301_to_exactly_the_url(string target)
    {
        var gateway = Of(Ingress("redirect", "redirect").Annotate("permanent-redirect", "http://redirect.example.com").Path("/something", "echo"));

        Expect.Redirect(gateway.Get(target, "redirect"), 301, "http://redirect.example.com", "permanent-redirect");
    }

    /// <summary>redirect.go "should respond with a custom redirect code" (302); migration TestPermanentRedirectCustomCode (308).</summary>
    [Theory]
    [InlineData("302", 302)]
    [InlineData("308", 308)]
    public void Permanent_redirect_code_sets_the_status(string code, int status)
    {
        var gateway = Of(Ingress("redirect", "redirect").Annotate("permanent-redirect", "https://example.com/new-home")
            .Annotate("permanent-redirect-code", code).Path("/", "echo"));

        Expect.Redirect(gateway.Get("/", "redirect"), status, "https://example.com/new-home", "permanent-redirect");
    }

    /// <summary>
    /// Deliberate difference (docs/annotations.md): ingress-nginx silently answers 301 for a permanent-redirect-code
    /// outside 300–308 (docs/annotations.md); IngressCore refuses the Ingress with an error on the annotation.
    /// </summary>
    [Fact]
    public void Permanent_redirect_code_out_of_range_refuses_the_ingress()
    {
        var ingress = Ingress("redirect", "redirect").Annotate("permanent-redirect", "https://example.com/new-home")
            .Annotate("permanent-redirect-code", "309").Path("/", "echo");

        var error = Assert.Throws<IngressCore.Diagnostics.IngressValidationException>(() => Of(ingress));

        Assert.Contains("permanent-redirect-code", error.Message, StringComparison.Ordinal);
    }

    /// <summary>migration TestTemporalRedirectStatus, TestTemporalRedirectLocation, TestTemporalRedirectCustomCode, TestTemporalRedirectCustomCodeLocation.</summary>
    [Theory]
    [InlineData(null, 302, "https://example.com/temp")]
    [InlineData("307", 307, "https://example.com/temp")]
    public void Temporal_redirect_is_302_or_its_code(string? code, int status, string location)
    {
        var ingress = Ingress("temp-redirect-test", "temp").Annotate("temporal-redirect", location).Path("/", "echo");
        if (code is not null)
        {
            ingress.Annotate("temporal-redirect-code", code);
        }

        Expect.Redirect(Of(ingress).Get("/", "temp"), status, location, "temporal-redirect");
    }

    /// <summary>migration TestTemporalPrecedenceOverPermanent.</summary>
    [Fact]
    public void Temporal_redirect_takes_precedence_over_permanent()
    {
        var gateway = Of(Ingress("both-redirect-test", "both").Annotate("permanent-redirect", "https://example.com/permanent")
            .Annotate("temporal-redirect", "https://example.com/temporal").Path("/", "echo"));

        Expect.Redirect(gateway.Get("/", "both"), 302, "https://example.com/temporal", "temporal-redirect");
    }

    /// <summary>relativeredirects.go "should respond with absolute URL in Location" and "should respond with relative URL in Location".</summary>
    [Theory]
    [InlineData("false", "rr.foo.com", "http://rr.foo.com/new-location")]
    [InlineData("false", "rr.foo.com:8080", "http://rr.foo.com/new-location")] // port_in_redirect off
    [InlineData("true", "rr.foo.com", "/new-location")]
    public void Relative_redirects_decides_whether_a_relative_url_is_made_absolute(string relative, string host, string location)
    {
        var gateway = Of(Ingress("rr", "rr.foo.com").Annotate("permanent-redirect", "/new-location")
            .Annotate("relative-redirects", relative).Path("/something", "echo"));

        Expect.Redirect(gateway.Get("/something", host), 301, location, "permanent-redirect");
    }

    /// <summary>docs/matching.md (migration TestFullPathRewriteWithRegexPath shows it for rewrite-target): the root location carries the host's first Ingress's redirect.</summary>
    [Fact]
    public void Root_location_inherits_the_first_ingress_redirect()
    {
        var gateway = Of(
            Ingress("first").Annotate("permanent-redirect", "https://moved.example.com/").Path("/old", "old"),
            Ingress("second").Path("/kept", "kept"));

        Expect.Redirect(gateway.Get("/nowhere"), 301, "https://moved.example.com/", "permanent-redirect");
        Expect.Backend(gateway.Get("/kept/x"), "kept", "/kept/x");
    }

    /// <summary>docs/annotations.md, "How the engine applies them": the redirect runs in the location rewrite phase, before the HTTPS redirect.</summary>
    [Fact]
    public void Permanent_redirect_runs_before_ssl_redirect()
    {
        var gateway = Of(Ingress("tls", "secure.example.com").Tls().Annotate("permanent-redirect", "https://new.example.com/").Path("/", "echo"));

        Expect.Redirect(gateway.Get("/a", "secure.example.com"), 301, "https://new.example.com/", "permanent-redirect");
    }

    /// <summary>fromtowwwredirect.go "should redirect from www HTTP to HTTP" (current version: the port is written, docs/annotations.md).</summary>
    [Theory]
    [InlineData("/foo", "http://fromtowwwredirect.bar.com:80/foo")]
    [InlineData("/foo/", "http://fromtowwwredirect.bar.com:80/foo")]
    [InlineData("/foo?a=b", "http://fromtowwwredirect.bar.com:80/foo?a=b")]
    [InlineData("/", "http://fromtowwwredirect.bar.com:80")]
    public void From_www_redirects_to_the_bare_host_with_the_port(string target, string location)
    {
        var gateway = Of(Ingress("fromtowww", "fromtowwwredirect.bar.com").Annotate("from-to-www-redirect", "true").Path("/", "echo"));

        Expect.Redirect(gateway.Get(target, "www.fromtowwwredirect.bar.com"), 308, location, "from-to-www-redirect");
        Expect.Backend(gateway.Get(target, "fromtowwwredirect.bar.com"), "echo", target);
    }

    /// <summary>fromtowwwredirect.go "should redirect from www HTTPS to HTTPS": the scheme and the listener's port.</summary>
    [Fact]
    public void From_www_over_https_keeps_https_and_the_port()
    {
        var gateway = Of(Ingress("fromtowww", "example.nip.io").Annotate("from-to-www-redirect", "true").Path("/", "echo"));

        var decision = gateway.Decide(new TestRequest("www.example.nip.io", "/") { Scheme = "https", ServerPort = 443 });

        Expect.Redirect(decision, 308, "https://example.nip.io:443", "from-to-www-redirect");
    }

    /// <summary>docs/annotations.md: a host that starts with www. gets the bare name as its twin.</summary>
    [Fact]
    public void To_www_redirects_the_bare_host_to_the_www_host()
    {
        var gateway = Of(Ingress("towww", "www.shop.example").Annotate("from-to-www-redirect", "true").Path("/", "echo"));

        var decision = gateway.Decide(new TestRequest("shop.example:8080", "/cart") { ServerPort = 8080 });

        Expect.Redirect(decision, 308, "http://www.shop.example:8080/cart", "from-to-www-redirect");
    }

    /// <summary>docs/annotations.md (BuildRedirects): no redirect server when the twin host is already defined.</summary>
    [Fact]
    public void No_www_redirect_when_the_twin_host_is_already_defined()
    {
        var gateway = Of(
            Ingress("bare", "shop.example").Annotate("from-to-www-redirect", "true").Path("/", "bare"),
            Ingress("www", "www.shop.example").Path("/", "www"));

        Expect.Backend(gateway.Get("/x", "www.shop.example"), "www", "/x");
        Expect.Backend(gateway.Get("/x", "shop.example"), "bare", "/x");
    }
}
