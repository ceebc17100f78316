using System.Net;
using IngressCore.Backends;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using IngressCore.IntegrationTests.Support;
using IngressCore.Proxy.Tests.Support;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>Requests routed by host and path reach the right Service's real backend, with the rewritten target; what cannot be forwarded gets nginx's answers.</summary>
public sealed class RoutingTests
{
    [Fact]
    public async Task Host_and_path_choose_the_Service_whose_backend_answers()
    {
        await using var app = await TestBackend.StartAsync("app");
        await using var api = await TestBackend.StartAsync("api");
        await using var other = await TestBackend.StartAsync("other");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [
                Ingress("web", "shop.example", paths: [("/", "app"), ("/api", "api")]),
                Ingress("other", "other.example", paths: [("/", "other")]),
            ],
            [Service("app"), Service("api"), Service("other")],
            [.. Slices("app", [app]), .. Slices("api", [api]), .. Slices("other", [other])]));
        var client = gateway.Client();

        var root = await client.GetStringAsync("http://shop.example/index.html?q=1");
        var apiBody = await client.GetStringAsync("http://shop.example/api/v1/items");
        var otherBody = await client.GetStringAsync("http://other.example/api/v1/items");

        Assert.Equal("app", TestBackend.Field(root, "backend"));
        Assert.Equal("/index.html?q=1", TestBackend.Field(root, "target"));
        Assert.Equal("api", TestBackend.Field(apiBody, "backend"));
        Assert.Equal("/api/v1/items", TestBackend.Field(apiBody, "target"));
        Assert.Equal("other", TestBackend.Field(otherBody, "backend"));
        Assert.Equal("other.example", TestBackend.Field(otherBody, "host"));
    }

    [Fact]
    public async Task The_rewritten_target_arrives_with_its_prefix_header()
    {
        await using var api = await TestBackend.StartAsync("api");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("rewrite", "rewrite.example", Nginx(("rewrite-target", "/$2"), ("use-regex", "true"), ("x-forwarded-prefix", "/api")), paths: [("/api(/|$)(.*)", "api")])],
            [Service("api")],
            Slices("api", [api])));

        var body = await gateway.Client().GetStringAsync("http://rewrite.example/api/users/7?x=%2F");

        Assert.Equal("/users/7?x=%2F", TestBackend.Field(body, "target"));
        Assert.Equal("/api", TestBackend.Field(body, "x-forwarded-prefix"));
    }

    [Fact]
    public async Task The_client_target_is_sent_byte_for_byte()
    {
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "raw.example", paths: [("/", "app")])], [Service("app")], Slices("app", [app])));

        // Raw bytes: HttpClient's Uri would itself turn %7E into ~ before sending.
        var response = await RawHttp.SendAsync(gateway.HttpPort, "GET /a%2Fb/%7Euser/./x?x=%41 HTTP/1.1\r\nHost: raw.example\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal("/a%2Fb/%7Euser/./x?x=%41", TestBackend.Field(response.Body, "target"));
    }

    [Fact]
    public async Task A_Service_without_ready_endpoints_answers_nginx_503()
    {
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "empty.example", paths: [("/", "app")])],
            [Service("app")],
            [Slice("app", "a", "127.0.0.1", 9, ready: false)]));

        using var response = await gateway.Client().GetAsync("http://empty.example/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<center><h1>503 Service Temporarily Unavailable</h1></center>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("app", body, StringComparison.Ordinal);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task An_endpoint_that_refuses_answers_nginx_502_and_the_feature_says_why()
    {
        var closed = ClosedPort();
        IngressUpstreamFeature? seen = null;
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "refused.example", paths: [("/", "app")])], [Service("app")], [Slice("app", "a", "127.0.0.1", closed)]),
            pipeline: app =>
            {
                app.Use(async (context, next) =>
                {
                    await next(context);
                    seen = context.Features.Get<IngressUpstreamFeature>();
                });
                app.UseIngressRouting();
            });

        using var response = await gateway.Client().GetAsync("http://refused.example/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("<center><h1>502 Bad Gateway</h1></center>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(seen);
        Assert.Equal("default/app:80", seen!.Service);
        Assert.Equal($"127.0.0.1:{closed}", seen.Endpoint);
        Assert.Equal("connect refused", seen.Error);
        Assert.Null(seen.Status);
        Assert.Equal(1, seen.Attempts);
        Assert.NotNull(seen.Duration);
    }

    [Fact]
    public async Task A_request_no_rule_takes_gets_404()
    {
        await using var gateway = await ProxyGateway.StartAsync(Objects([Ingress("web", "known.example", paths: [("/", "app")])], [Service("app")], []));

        using var response = await gateway.Client().GetAsync("http://unknown.example/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    internal static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
