using System.Net;
using Microsoft.AspNetCore.Builder;
using IngressCore.IntegrationTests.Support;
using IngressCore.Model;

namespace IngressCore.IntegrationTests;

/// <summary>One gateway for the class: a shop with three paths, a second host, and an unmapped Service.</summary>
public sealed class RoutingFixture : IAsyncLifetime
{
    internal Gateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        IngressDefinition shop = new()
        {
            Namespace = "shop",
            Name = "shop",
            IngressClassName = "ingresscore",
            CreationTimestamp = DateTimeOffset.UnixEpoch,
            Rules =
            [
                Ingresses.Rule(
                    "shop.example.com",
                    ("/", PathType.Prefix, "shop-web", 80),
                    ("/api", PathType.Prefix, "shop-api", 8080),
                    ("/api/health", PathType.Exact, "shop-health", 8081),
                    ("/admin", PathType.Prefix, "shop-admin", 80),
                    ("/orphan", PathType.Prefix, "orphan", 80)),
            ],
        };
        var other = Ingresses.Single("blog", "blog.example.com", "/", "shop-web", 80, ns: "blog");
        Gateway = await Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(shop);
                o.Ingresses.Add(other);
            },
            app =>
            {
                app.MapIngressBackend("shop/shop-web", b => TestBackends.Echo(b, "shop-web"));
                app.MapIngressBackend("shop-web", b => TestBackends.Echo(b, "any-namespace-web"));
                app.MapIngressBackend("shop-api", 8080, b => TestBackends.Echo(b, "shop-api"));
                app.MapIngressBackend("shop-api", 9999, b => TestBackends.Echo(b, "wrong-port"));
                app.MapIngressBackend("shop-health", b => TestBackends.Echo(b, "shop-health"));
                app.MapIngressBackend("shop-admin", b => TestBackends.Echo(b, "shop-admin"));
            });
    }

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

public sealed class RoutingTests(RoutingFixture fixture) : IClassFixture<RoutingFixture>
{
    private readonly HttpClient _client = fixture.Gateway.Client();

    [Theory]
    [InlineData("http://shop.example.com/", "shop-web", "/")]
    [InlineData("http://SHOP.example.com/api/orders/42?x=1", "shop-api", "/api")]
    [InlineData("http://shop.example.com/api/health", "shop-health", "/api/health")]
    [InlineData("http://shop.example.com/api/health/", "shop-api", "/api")]
    [InlineData("http://shop.example.com/apix", "shop-web", "/")]
    [InlineData("http://blog.example.com/anything", "any-namespace-web", "/")]
    public async Task Requests_reach_the_branch_of_the_service_their_host_and_path_select(string url, string backend, string routePath)
    {
        using var response = await _client.GetAsync(new Uri(url));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(backend, TestBackends.Field(body, "backend"));
        Assert.Equal(routePath, TestBackends.Field(body, "route"));
    }

    [Fact]
    public async Task A_host_no_rule_takes_is_404_with_a_plain_text_body()
    {
        using var response = await _client.GetAsync(new Uri("http://nowhere.example.com/"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("404 Not Found\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_service_without_an_in_process_backend_is_503_no_endpoints_naming_nothing_internal()
    {
        using var response = await _client.GetAsync(new Uri("http://shop.example.com/orphan/x"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no endpoints", body, StringComparison.Ordinal);
        Assert.DoesNotContain("orphan", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/../etc/passwd")]
    [InlineData("/a/../../etc/passwd")]
    [InlineData("/%2e%2e/etc/passwd")]
    [InlineData("/a%01b")]
    [InlineData("/a%zzb")]
    public async Task A_request_target_that_escapes_the_root_or_decodes_to_a_control_character_is_400(string target)
    {
        var response = await Curl.GetAsync(fixture.Gateway.HttpPort, "shop.example.com", target);

        Assert.Equal(400, response.Status);
        Assert.Equal("400 Bad Request\n", response.Body);
        Assert.Null(response.Header("Strict-Transport-Security"));
    }
}
