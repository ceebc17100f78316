using static IngressCore.Annotations.Tests.Engine.Gateway;
using IngressCore.Decisions;
using IngressCore.Model;

namespace IngressCore.Annotations.Tests.Engine;

/// <summary>
/// What a decision says made it (the access log's and <c>match --explain</c>'s <c>decided-by</c>),
/// and the HTTPS redirect's exceptions: ingress-nginx's <c>no-tls-redirect-locations</c> (the ACME
/// challenge) and the Location written for an IPv6 literal host.
/// </summary>
public sealed class DecidedByTests
{
    [Fact]
    public void A_path_a_default_backend_and_nothing_each_name_themselves()
    {
        var gateway = Of(null, [Ingress("web", "example.com").Path("/app", "web").Build(DateTimeOffset.UnixEpoch), CatchAll("fallback", "default-http-backend")]);

        var byPath = gateway.Get("/app/x");
        Expect.Backend(byPath, "web", "/app/x");
        Assert.Equal("path", byPath.DecidedBy);
        Assert.Equal($"{byPath.Route} (path) /app/x", byPath.ToString());

        var byDefault = gateway.Get("/other");
        Expect.Backend(byDefault, "default-http-backend", "/other");
        Assert.Equal("default-backend", byDefault.DecidedBy);

        var nothing = Of(Ingress("web", "example.com").Path("/app", "web")).Get("/other");
        Expect.Status(nothing, 404);
        Assert.Equal("not-found", nothing.DecidedBy);
        Assert.Equal("404 (not-found)", nothing.ToString());
    }

    [Fact]
    public void A_redirect_names_the_annotation_that_made_it()
    {
        var forced = Of(Ingress("web", "example.com").Annotate("force-ssl-redirect", "true").Path("/", "web")).Get("/a");

        Expect.Redirect(forced, 308, "https://example.com/a", "force-ssl-redirect");
        Assert.Equal("308 https://example.com/a (force-ssl-redirect)", forced.ToString());
    }

    /// <summary>
    /// ingress-nginx's <c>no-tls-redirect-locations</c> (default <c>/.well-known/acme-challenge</c>):
    /// a location under it answers over HTTP, so a certificate can be issued for a host that redirects.
    /// </summary>
    [Fact]
    public void The_acme_challenge_location_is_not_redirected_to_https()
    {
        var gateway = Of(Ingress("web", "example.com").Annotate("force-ssl-redirect", "true")
            .Path("/", "web").Path("/.well-known/acme-challenge", "solver"));

        Expect.Backend(gateway.Get("/.well-known/acme-challenge/token"), "solver", "/.well-known/acme-challenge/token");
        Expect.Redirect(gateway.Get("/x"), 308, "https://example.com/x", "force-ssl-redirect");
    }

    /// <summary>The redirect drops the request's port, which for an IPv6 literal follows the closing bracket.</summary>
    [Theory]
    [InlineData("[::1]:8080", "https://[::1]/a")]
    [InlineData("[::1]", "https://[::1]/a")]
    [InlineData("127.0.0.1:8080", "https://127.0.0.1/a")]
    public void The_https_redirect_of_an_address_drops_only_the_port(string host, string location)
    {
        var gateway = Of(Ingress("web", host: null).Annotate("force-ssl-redirect", "true").Path("/", "web"));

        Expect.Redirect(gateway.Get("/a", host), 308, location, "force-ssl-redirect");
    }

    [Fact]
    public void A_custom_https_redirect_policy_given_to_the_decider_is_the_one_applied()
    {
        var gateway = Of(Ingress("web", "example.com").Annotate("force-ssl-redirect", "true").Path("/", "web"));
        var decider = new IngressRequestDecider(new SslRedirectPolicy { StatusCode = 301 });

        Expect.Redirect(decider.Decide(gateway.Table, gateway.Certificates, new TestRequest("example.com", "/a")), 301, "https://example.com/a");
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public void The_https_redirect_code_is_one_of_nginxs_four(int code)
    {
        Assert.Equal(code, new SslRedirectPolicy { StatusCode = code }.StatusCode);
        Assert.Equal(308, new SslRedirectPolicy().StatusCode);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(300)]
    [InlineData(303)]
    [InlineData(304)]
    [InlineData(309)]
    public void Another_https_redirect_code_is_refused(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SslRedirectPolicy { StatusCode = code });
    }
}
