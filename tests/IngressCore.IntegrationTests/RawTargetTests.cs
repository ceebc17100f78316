using IngressCore.IntegrationTests.Support;

namespace IngressCore.IntegrationTests;

/// <summary>
/// The middleware matches the request-target as sent (IHttpRequestFeature.RawTarget), decoded once
/// by the engine, never Kestrel's already-decoded Request.Path decoded again. curl --path-as-is and
/// raw sockets send targets no client library would.
/// </summary>
public sealed class RawTargetTests(RoutingFixture fixture) : IClassFixture<RoutingFixture>
{
    [Fact]
    public async Task Encoded_dot_segments_are_resolved_before_matching()
    {
        var response = await Curl.GetAsync(fixture.Gateway.HttpPort, "shop.example.com", "/a/%2e%2e/admin");

        Assert.Equal(200, response.Status);
        Assert.Equal("shop-admin", TestBackends.Field(response.Body, "backend"));
        Assert.Equal("/a/%2e%2e/admin", TestBackends.Field(response.Body, "raw"));
    }

    [Fact]
    public async Task An_encoded_slash_is_decoded_by_the_engine_so_it_cannot_dodge_a_prefix()
    {
        var response = await Curl.GetAsync(fixture.Gateway.HttpPort, "shop.example.com", "/api%2Forders");

        Assert.Equal("shop-api", TestBackends.Field(response.Body, "backend"));
        // Kestrel leaves %2F encoded in Request.Path; matching that would have chosen shop-web.
        Assert.Equal("/api%2Forders", TestBackends.Field(response.Body, "path"));
    }

    [Fact]
    public async Task A_double_encoded_dot_segment_is_decoded_once_only()
    {
        // Kestrel's Request.Path is /a/%2e%2e/admin here; decoding that again would reach /admin.
        var response = await Curl.GetAsync(fixture.Gateway.HttpPort, "shop.example.com", "/a/%252e%252e/admin");

        Assert.Equal("shop-web", TestBackends.Field(response.Body, "backend"));
    }

    [Fact]
    public async Task Merged_slashes_select_the_same_route_as_the_clean_path()
    {
        var response = await Curl.GetAsync(fixture.Gateway.HttpPort, "shop.example.com", "//admin//users");

        Assert.Equal("shop-admin", TestBackends.Field(response.Body, "backend"));
    }

    [Fact]
    public async Task An_absolute_form_request_target_is_matched_on_its_path_and_query()
    {
        var response = await RawHttp.SendAsync(
            fixture.Gateway.HttpPort,
            "GET http://shop.example.com/api/x?y=1 HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Contains("backend=shop-api", response.Body, StringComparison.Ordinal);
    }
}
