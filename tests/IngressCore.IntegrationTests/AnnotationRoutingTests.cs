using System.Net;
using Microsoft.AspNetCore.Builder;
using IngressCore.Decisions;
using IngressCore.IntegrationTests.Support;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.IntegrationTests;

/// <summary>
/// The annotation engine through real Kestrel: what an in-process backend receives after
/// rewrite-target, x-forwarded-prefix, upstream-vhost and the canary choice, and the redirects the
/// gateway answers itself.
/// </summary>
public sealed class AnnotationRoutingFixture : IAsyncLifetime
{
    internal Gateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gateway = await Gateway.StartAsync(
            o =>
            {
                // test/e2e/annotations/rewrite.go "should write rewrite logs" family; xforwardedprefix.go.
                o.Ingresses.Add(Ingresses.Single(
                    "rewrite", "rewrite.bar.com", "/something(/|$)(.*)", "http-svc",
                    pathType: PathType.ImplementationSpecific,
                    annotations: Ingresses.Nginx(("rewrite-target", "/$2"), ("x-forwarded-prefix", "/something"))));
                o.Ingresses.Add(Ingresses.Single(
                    "nopath", "nopath.bar.com", "/(.*)", "http-svc",
                    pathType: PathType.ImplementationSpecific,
                    annotations: Ingresses.Nginx(("use-regex", "true"), ("rewrite-target", "$1"))));
                o.Ingresses.Add(Ingresses.Single(
                    "vhost", "vhost.bar.com", "/", "http-svc", annotations: Ingresses.Nginx(("upstream-vhost", "internal.svc:8080"))));
                o.Ingresses.Add(Ingresses.Single("primary", "canary.bar.com", "/", "http-svc"));
                o.Ingresses.Add(Ingresses.Single(
                    "canary", "canary.bar.com", "/", "http-svc-canary",
                    annotations: Ingresses.Nginx(("canary", "true"), ("canary-by-header", "CanaryByHeader"))));
                o.Ingresses.Add(Ingresses.Single(
                    "moved", "moved.bar.com", "/", "http-svc", annotations: Ingresses.Nginx(("permanent-redirect", "https://www.example.com/new"))));
                o.Ingresses.Add(Ingresses.Single(
                    "approot", "approot.bar.com", "/", "http-svc",
                    annotations: Ingresses.Nginx(("app-root", "/foo"), ("from-to-www-redirect", "true"))));
                o.Options.CanarySeed = 7;
            },
            app =>
            {
                app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc"));
                app.MapIngressBackend("http-svc-canary", b => TestBackends.Echo(b, "http-svc-canary"));
            });
    }

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

public sealed class AnnotationRoutingTests(AnnotationRoutingFixture fixture) : IClassFixture<AnnotationRoutingFixture>
{
    private readonly HttpClient _client = fixture.Gateway.Client();

    [Theory]
    [InlineData("http://rewrite.bar.com/something", "/", "")]
    [InlineData("http://rewrite.bar.com/something/", "/", "")]
    [InlineData("http://rewrite.bar.com/something/new", "/new", "")]
    [InlineData("http://rewrite.bar.com/SOMETHING/new?x=1", "/new", "?x=1")]
    public async Task The_backend_receives_the_rewritten_path_and_the_query_with_X_Forwarded_Prefix(string url, string path, string query)
    {
        using var response = await _client.GetAsync(new Uri(url));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(path, TestBackends.Field(body, "path"));
        Assert.Equal(query, TestBackends.Field(body, "query"));
        Assert.Equal("/something", TestBackends.Field(body, "prefix"));
    }

    /// <summary>
    /// "$1" on "/(.*)" gives "abc" for "/abc": no path. The gateway answers 500 itself (found by
    /// fuzz/, target rewrite); before, the middleware threw setting a PathString without '/'.
    /// </summary>
    [Theory]
    [InlineData("http://nopath.bar.com/abc")]
    [InlineData("http://nopath.bar.com/")]
    public async Task A_rewrite_that_gives_no_path_is_answered_500_by_the_gateway(string url)
    {
        using var response = await _client.GetAsync(new Uri(url));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("500 Internal Server Error\n", body);
    }

    [Fact]
    public async Task Upstream_vhost_sets_the_Host_the_backend_sees()
    {
        using var response = await _client.GetAsync(new Uri("http://vhost.bar.com/a"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("internal.svc:8080", TestBackends.Field(body, "host"));
        Assert.Equal(string.Empty, TestBackends.Field(body, "prefix"));
    }

    [Theory]
    [InlineData("always", "http-svc-canary", "True")]
    [InlineData("never", "http-svc", "False")]
    [InlineData("badvalue", "http-svc", "False")]
    [InlineData(null, "http-svc", "False")]
    public async Task The_canary_by_header_picks_the_backend(string? header, string backend, string canary)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://canary.bar.com/info"));
        if (header is not null)
        {
            request.Headers.Add("CanaryByHeader", header);
        }

        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(backend, TestBackends.Field(body, "backend"));
        Assert.Equal(canary, TestBackends.Field(body, "canary"));
    }

    [Theory]
    [InlineData("http://moved.bar.com/anything?q=1", HttpStatusCode.MovedPermanently, "https://www.example.com/new")]
    [InlineData("http://approot.bar.com/", HttpStatusCode.Found, "http://approot.bar.com/foo")]
    [InlineData("http://approot.bar.com/?x=1", HttpStatusCode.Found, "http://approot.bar.com/foo")]
    public async Task Redirect_annotations_are_answered_by_the_gateway(string url, HttpStatusCode status, string location)
    {
        using var response = await _client.GetAsync(new Uri(url));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_www_twin_redirects_to_the_host_with_the_listening_port()
    {
        using var response = await _client.GetAsync(new Uri("http://www.approot.bar.com/foo/"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"http://approot.bar.com:{fixture.Gateway.HttpPort}/foo", response.Headers.Location?.OriginalString);
    }
}
