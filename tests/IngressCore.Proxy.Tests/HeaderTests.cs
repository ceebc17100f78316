using System.Diagnostics;
using System.Net;
using IngressCore.Model;
using IngressCore.IntegrationTests.Support;
using IngressCore.Proxy.Tests.Support;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>
/// The headers the backend receives, as ingress-nginx sends them (its nginx.tmpl proxy_set_header
/// lines): X-Forwarded-*, X-Real-IP and X-Request-ID made by the gateway unless a trusted proxy
/// sent them, hop-by-hop headers dropped, the Host of upstream-vhost, W3C trace context.
/// </summary>
public sealed class HeaderTests
{
    private const string Spoofing =
        "X-Forwarded-For: 203.0.113.66\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 1\r\n" +
        "X-Real-IP: 203.0.113.67\r\nX-Request-ID: chosen-by-client\r\nX-Forwarded-Prefix: /evil\r\nX-Forwarded-Scheme: https\r\n";

    [Fact]
    public async Task An_untrusted_client_gets_its_forwarded_headers_replaced()
    {
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await ProxyGateway.StartAsync(Objects([Ingress("web", "fwd.example", paths: [("/", "app")])], [Service("app")], Slices("app", [app])));

        var response = await RawHttp.SendAsync(gateway.HttpPort, $"GET /x HTTP/1.1\r\nHost: fwd.example\r\n{Spoofing}Connection: close\r\n\r\n");

        var body = response.Body;
        Assert.Equal("127.0.0.1", TestBackend.Field(body, "x-forwarded-for"));
        Assert.Equal("127.0.0.1", TestBackend.Field(body, "x-real-ip"));
        Assert.Equal("fwd.example", TestBackend.Field(body, "x-forwarded-host"));
        Assert.Equal("http", TestBackend.Field(body, "x-forwarded-proto"));
        Assert.Equal("http", TestBackend.Field(body, "x-forwarded-scheme"));
        Assert.Equal(gateway.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), TestBackend.Field(body, "x-forwarded-port"));
        Assert.Null(TestBackend.Field(body, "x-forwarded-prefix"));
        var requestId = TestBackend.Field(body, "x-request-id");
        Assert.NotNull(requestId);
        Assert.Matches("^[0-9a-f]{32}$", requestId);
    }

    [Fact]
    public async Task A_trusted_proxy_has_its_forwarded_headers_passed_on()
    {
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "fwd.example", paths: [("/", "app")])], [Service("app")], Slices("app", [app])),
            routing: o => o.TrustedProxies.Add(IPAddress.Loopback));

        var response = await RawHttp.SendAsync(gateway.HttpPort, $"GET /x HTTP/1.1\r\nHost: fwd.example\r\n{Spoofing}Connection: close\r\n\r\n");

        var body = response.Body;
        Assert.Equal("203.0.113.66, 127.0.0.1", TestBackend.Field(body, "x-forwarded-for"));
        Assert.Equal("203.0.113.66", TestBackend.Field(body, "x-real-ip"));
        Assert.Equal("evil.example", TestBackend.Field(body, "x-forwarded-host"));
        Assert.Equal("https", TestBackend.Field(body, "x-forwarded-proto"));
        Assert.Equal("1", TestBackend.Field(body, "x-forwarded-port"));
        Assert.Equal("/evil", TestBackend.Field(body, "x-forwarded-prefix"));
        Assert.Equal("chosen-by-client", TestBackend.Field(body, "x-request-id"));
    }

    [Fact]
    public async Task Hop_by_hop_headers_and_those_Connection_names_are_dropped()
    {
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await ProxyGateway.StartAsync(Objects([Ingress("web", "hop.example", paths: [("/", "app")])], [Service("app")], Slices("app", [app])));

        using var request = new HttpRequestMessage(HttpMethod.Get, "http://hop.example/");
        request.Headers.Connection.Add("X-Secret");
        request.Headers.TryAddWithoutValidation("X-Secret", "s3cr3t");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy", "http://evil.example");
        request.Headers.TryAddWithoutValidation("X-Kept", "yes");
        request.Headers.TryAddWithoutValidation("TE", "gzip");
        using var response = await gateway.Client().SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("yes", TestBackend.Field(body, "x-kept"));
        Assert.Null(TestBackend.Field(body, "x-secret"));
        Assert.Null(TestBackend.Field(body, "keep-alive"));
        Assert.Null(TestBackend.Field(body, "proxy"));
        Assert.Null(TestBackend.Field(body, "te"));
    }

    [Fact]
    public async Task Upstream_vhost_is_the_Host_and_the_client_Host_is_X_Forwarded_Host()
    {
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "vhost.example", Nginx(("upstream-vhost", "internal.svc:8080")), paths: [("/", "app")])], [Service("app")], Slices("app", [app])));

        var body = await gateway.Client().GetStringAsync("http://vhost.example/");

        Assert.Equal("internal.svc:8080", TestBackend.Field(body, "host"));
        Assert.Equal("vhost.example", TestBackend.Field(body, "x-forwarded-host"));
    }

    [Fact]
    public async Task Trace_context_reaches_the_backend_as_a_child_of_the_client_trace()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await ProxyGateway.StartAsync(Objects([Ingress("web", "trace.example", paths: [("/", "app")])], [Service("app")], Slices("app", [app])));
        const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        using var request = new HttpRequestMessage(HttpMethod.Get, "http://trace.example/");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");
        using var response = await gateway.Client().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        var traceparent = TestBackend.Field(body, "traceparent");
        Assert.NotNull(traceparent);
        Assert.StartsWith($"00-{TraceId}-", traceparent, StringComparison.Ordinal);
        Assert.DoesNotContain("00f067aa0ba902b7", traceparent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_headers_from_a_ConfigMap_are_added_to_the_response_when_allowed()
    {
        await using var app = await TestBackend.StartAsync("app");
        var headers = new ConfigMapDefinition
        {
            Namespace = "default",
            Name = "custom-headers",
            Data = new Dictionary<string, string> { ["My-Custom-Header"] = "42", ["My-Custom-Header-Dollar"] = "$remote_addr" },
        };
        var objects = Objects(
            [Ingress("web", "custom.example", Nginx(("custom-headers", "default/custom-headers")), paths: [("/", "app")])],
            [Service("app")], Slices("app", [app]), [headers]);
        await using var allowed = await ProxyGateway.StartAsync(objects, forwarding: o =>
        {
            o.AllowedResponseHeaders.Add("My-Custom-Header");
            o.AllowedResponseHeaders.Add("My-Custom-Header-Dollar");
        });
        await using var denied = await ProxyGateway.StartAsync(objects, forwarding: o => o.AllowedResponseHeaders.Add("My-Custom-Header"));

        using var ok = await allowed.Client().GetAsync("http://custom.example/");
        using var refused = await denied.Client().GetAsync("http://custom.example/");

        Assert.Equal("42", ok.Headers.GetValues("My-Custom-Header").Single());
        Assert.Equal("$remote_addr", ok.Headers.GetValues("My-Custom-Header-Dollar").Single());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("global-allowed-response-headers", denied.Log.Text, StringComparison.Ordinal);
    }
}
