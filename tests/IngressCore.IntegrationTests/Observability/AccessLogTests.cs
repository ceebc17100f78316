using System.Net;
using System.Text;
using IngressCore.Backends;
using IngressCore.IntegrationTests.Support;
using IngressCore.Model;
using IngressCore.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IngressCore.IntegrationTests.Observability;

/// <summary>
/// The access log through a real Kestrel gateway and real clients: one structured event per
/// request in the <c>IngressCore.AccessLog</c> category, with the fields of ingress-nginx's log
/// format, the request as the client sent it, the bytes the backend wrote, the time from the
/// clock the gateway was given, what the backend step recorded, and request text escaped.
/// </summary>
public sealed class AccessLogTests
{
    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(15);

    private static Task<Gateway> StartAsync(Action<WebApplication> backends, params IngressDefinition[] ingresses) =>
        StartAsync(backends, null, ingresses);

    private static Task<Gateway> StartAsync(Action<WebApplication> backends, TimeProvider? time, params IngressDefinition[] ingresses) =>
        Gateway.StartAsync(
            setup =>
            {
                setup.Ingresses.AddRange(ingresses);
                if (time is not null)
                {
                    setup.Builder = b => b.Services.AddSingleton(time);
                }
            },
            backends);

    private static Task<LogCollector.Entry> LineAsync(Gateway gateway, string requestId) =>
        gateway.Log.WaitForAsync(e => e.Category == IngressTelemetry.AccessLogCategory && (string?)e["RequestId"] == requestId, LogTimeout);

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Request-ID", requestId);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_routed_request_logs_one_line_with_its_fields()
    {
        var time = new FakeTimeProvider();
        await using var gateway = await StartAsync(
            app => app.MapIngressBackend("api", b => b.Run(async context =>
            {
                time.Advance(TimeSpan.FromMilliseconds(250));
                await context.Response.WriteAsync("hello");
            })),
            time,
            Ingresses.Single("shop", "shop.example.com", "/api", "api"));

        using var response = await GetAsync(gateway.Client(), "http://shop.example.com/api/items?page=2&q=a%20b", "req-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = await LineAsync(gateway, "req-1");

        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("AccessLog", line.EventId.Name);
        Assert.Equal("127.0.0.1", line["ClientAddress"]);
        Assert.Equal("GET", line["Method"]);
        Assert.Equal("/api/items?page=2&q=a%20b", line["Target"]);
        Assert.Equal("HTTP/1.1", line["Protocol"]);
        Assert.Equal("shop.example.com", line["Host"]);
        Assert.Equal(200, line["Status"]);
        Assert.Equal(5L, line["Bytes"]);
        Assert.Equal(250.0, line["ElapsedMilliseconds"]);
        Assert.Equal("default/shop", line["Ingress"]);
        Assert.Equal("default/api:80", line["Service"]);
        Assert.Null(line["Endpoint"]);
        Assert.Null(line["UpstreamStatus"]);
        Assert.Equal(
            "127.0.0.1 \"GET /api/items?page=2&q=a%20b HTTP/1.1\" 200 5 250ms host=shop.example.com ingress=default/shop service=default/api:80 " +
            "endpoint=- upstream_status=- upstream_ms=- attempts=0 error=- id=req-1",
            line.Message);
        Assert.Single(gateway.Log.Of(IngressTelemetry.AccessLogCategory), e => (string?)e["RequestId"] == "req-1");
    }

    [Fact]
    public async Task Every_request_gets_exactly_one_line_whatever_answered_it()
    {
        await using var gateway = await StartAsync(
            app => app.MapIngressBackend("api", b => TestBackends.Echo(b, "api")),
            Ingresses.Single("shop", "shop.example.com", "/api", "api"),
            Ingresses.Single("moved", "moved.example.com", "/", "api", annotations: Ingresses.Nginx(("permanent-redirect", "https://example.com/"))));
        var client = gateway.Client();
        (string Url, int Status)[] requests =
        [
            ("http://shop.example.com/api/1", 200),
            ("http://moved.example.com/x", 301),
            ("http://nowhere.example.com/", 404),
            ("http://shop.example.com/api/2", 200),
        ];

        for (var i = 0; i < requests.Length; i++)
        {
            using var response = await GetAsync(client, requests[i].Url, $"each-{i}");
            Assert.Equal(requests[i].Status, (int)response.StatusCode);
            var line = await LineAsync(gateway, $"each-{i}");
            Assert.Equal(requests[i].Status, line["Status"]);
        }

        Assert.Equal(requests.Length, gateway.Log.Of(IngressTelemetry.AccessLogCategory).Count);
        var notFound = gateway.Log.Of(IngressTelemetry.AccessLogCategory).Single(e => (string?)e["RequestId"] == "each-2");
        Assert.Null(notFound["Ingress"]);
        Assert.Contains(" ingress=- service=- ", notFound.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rewritten_request_is_logged_as_the_client_sent_it()
    {
        await using var gateway = await StartAsync(
            app => app.MapIngressBackend("api", b => TestBackends.Echo(b, "api")),
            Ingresses.Single(
                "legacy", "legacy.example.com", "/old(/|$)(.*)", "api",
                annotations: Ingresses.Nginx(("use-regex", "true"), ("rewrite-target", "/new/$2"), ("upstream-vhost", "internal.local")),
                pathType: PathType.ImplementationSpecific));

        using var response = await GetAsync(gateway.Client(), "http://legacy.example.com/old/page?x=1", "rewrite");
        Assert.Equal("/new/page", TestBackends.Field(await response.Content.ReadAsStringAsync(), "path"));
        var line = await LineAsync(gateway, "rewrite");

        Assert.Equal("/old/page?x=1", line["Target"]);
        Assert.Equal("legacy.example.com", line["Host"]);
    }

    [Fact]
    public async Task Bytes_written_by_stream_and_by_pipe_are_all_counted()
    {
        await using var gateway = await StartAsync(
            app => app.MapIngressBackend("api", b => b.Run(async context =>
            {
                await context.Response.Body.WriteAsync(new byte[1000]);
                await context.Response.BodyWriter.WriteAsync(new byte[24]);
                var span = context.Response.BodyWriter.GetSpan(100);
                span[..100].Fill((byte)'x');
                context.Response.BodyWriter.Advance(100);
            })),
            Ingresses.Single("shop", "shop.example.com", "/", "api"));

        using var response = await GetAsync(gateway.Client(), "http://shop.example.com/", "bytes");
        Assert.Equal(1124, (await response.Content.ReadAsByteArrayAsync()).Length);
        var line = await LineAsync(gateway, "bytes");

        Assert.Equal(1124L, line["Bytes"]);
    }

    [Fact]
    public async Task What_the_backend_step_recorded_is_logged()
    {
        await using var gateway = await StartAsync(
            app => app.MapIngressBackend("api", b => b.Run(context =>
            {
                // What a forwarder records after a retry that ended in a refused connection.
                context.Features.Set(new IngressUpstreamFeature
                {
                    Service = "default/api:80",
                    Endpoint = "10.0.0.7:8080",
                    Attempts = 2,
                    Status = 502,
                    Duration = TimeSpan.FromMilliseconds(12.5),
                    Error = "connect refused",
                });
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                return Task.CompletedTask;
            })),
            Ingresses.Single("shop", "shop.example.com", "/", "api"));

        using var response = await GetAsync(gateway.Client(), "http://shop.example.com/", "upstream");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var line = await LineAsync(gateway, "upstream");

        Assert.Equal("10.0.0.7:8080", line["Endpoint"]);
        Assert.Equal(2, line["Attempts"]);
        Assert.Equal(502, line["UpstreamStatus"]);
        Assert.Equal(12.5, line["UpstreamElapsedMilliseconds"]);
        Assert.Equal("connect refused", line["UpstreamError"]);
        Assert.Contains(
            " endpoint=10.0.0.7:8080 upstream_status=502 upstream_ms=12.5 attempts=2 error=\"connect refused\" id=upstream",
            line.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_endpoints_is_logged_with_its_reason()
    {
        await using var gateway = await StartAsync(_ => { }, Ingresses.Single("shop", "shop.example.com", "/", "cart", port: 8080));

        using var response = await GetAsync(gateway.Client(), "http://shop.example.com/", "empty");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var line = await LineAsync(gateway, "empty");

        Assert.Equal("default/cart:8080", line["Service"]);
        Assert.Equal("no endpoints", line["UpstreamError"]);
        Assert.Null(line["Endpoint"]);
        Assert.Equal(0, line["Attempts"]);
    }

    [Fact]
    public async Task A_backend_that_throws_is_logged_as_the_500_the_client_got()
    {
        await using var gateway = await StartAsync(
            app => app.MapIngressBackend("api", b => b.Run(_ => throw new InvalidOperationException("boom"))),
            Ingresses.Single("shop", "shop.example.com", "/", "api"));

        using var response = await GetAsync(gateway.Client(), "http://shop.example.com/", "throws");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var line = await LineAsync(gateway, "throws");

        Assert.Equal(500, line["Status"]);
    }

    [Fact]
    public async Task A_hostile_request_cannot_forge_a_line()
    {
        await using var gateway = await StartAsync(
            app => app.MapIngressBackend("api", b => TestBackends.Echo(b, "api")),
            Ingresses.Single("shop", "shop.example.com", "/", "api"));

        // Bytes no client library sends, which Kestrel lets through: a quote and a backslash in the
        // path, terminal escapes in the query, and a tab, quotes, a backslash and an escape in the
        // request id; then an escape in the path, which the routing answers 400.
        var routed = await RawHttp.SendAsync(
            gateway.HttpPort,
            "GET /a\"b\\c?d=\u001b]0;x\u001b[2J HTTP/1.1\r\nHost: shop.example.com\r\n" +
            "X-Request-ID: id\t\"forged\" 200\\\u001b[31m\r\nConnection: close\r\n\r\n");
        var refused = await RawHttp.SendAsync(
            gateway.HttpPort,
            "GET /a\u001b[2Jb HTTP/1.1\r\nHost: shop.example.com\r\nX-Request-ID: refused\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, routed.Status);
        Assert.Equal(400, refused.Status);
        var line = await gateway.Log.WaitForAsync(e => e.Category == IngressTelemetry.AccessLogCategory && e["Status"] is 200, LogTimeout);
        var refusedLine = await LineAsync(gateway, "refused");

        Assert.Equal("/a\\x22b\\x5Cc?d=\\x1B]0;x\\x1B[2J", line["Target"]);
        Assert.Equal("id\\x09\\x22forged\\x22 200\\x5C\\x1B[31m", line["RequestId"]);
        Assert.Equal("/a\\x1B[2Jb", refusedLine["Target"]);
        foreach (var message in (string[])[line.Message, refusedLine.Message])
        {
            Assert.DoesNotContain(message, c => c < ' ' || c > '~');
            Assert.Equal(2, message.Count(c => c == '"'));
        }
    }

    [Fact]
    public async Task Nothing_is_logged_when_the_category_is_disabled()
    {
        await using var gateway = await Gateway.StartAsync(
            setup =>
            {
                setup.Ingresses.Add(Ingresses.Single("shop", "shop.example.com", "/", "api"));
                setup.Builder = b => b.Services.AddLogging(l => l.AddFilter(IngressTelemetry.AccessLogCategory, LogLevel.None));
            },
            app => app.MapIngressBackend("api", b => b.Run(async context =>
            {
                // Without the access log nobody counts the bytes: the server's own body is used.
                await context.Response.WriteAsync(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()!.GetType().Name);
            })));

        using var response = await GetAsync(gateway.Client(), "http://shop.example.com/", "off");
        Assert.NotEqual("CountingResponseBody", await response.Content.ReadAsStringAsync());
        Assert.Empty(gateway.Log.Of(IngressTelemetry.AccessLogCategory));
    }
}
