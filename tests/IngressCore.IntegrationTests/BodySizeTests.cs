using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using IngressCore.Annotations;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.IntegrationTests.Support;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.IntegrationTests;

/// <summary>
/// proxy-body-size (docs/annotations.md): 413 over the limit, by Content-Length before
/// anything else runs, and while reading a chunked body; mirrors kubernetes/ingress-nginx
/// test/e2e/annotations/proxy.go ("should set proxy client-max-body-size to 8m") and the request side of
/// traefik/ingress-nginx-migration e2e/proxybodysize_suite_test.go.
/// </summary>
public sealed class BodySizeTests
{
    private const string Host = "body.foo.com";

    private static int s_backendCalls;

    private static Task<Gateway> StartAsync(string? proxyBodySize, Action<GatewaySetup>? configure = null) =>
        Gateway.StartAsync(
            o =>
            {
                var annotations = proxyBodySize is null ? null : Ingresses.Nginx(("proxy-body-size", proxyBodySize));
                o.Ingresses.Add(Ingresses.Single("body", Host, "/", "http-svc", annotations: annotations));
                configure?.Invoke(o);
            },
            app => app.MapIngressBackend("http-svc", b => b.Run(async context =>
            {
                Interlocked.Increment(ref s_backendCalls);
                var length = 0L;
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    length += read;
                }

                await context.Response.WriteAsync($"read={length}\n");
            })));

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(Gateway gateway, int bytes, bool chunked)
    {
        var payload = new byte[bytes];
        using HttpContent content = chunked ? new StreamContent(new MemoryStream(payload)) : new ByteArrayContent(payload);
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://{Host}/upload")) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await gateway.Client().SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("1k", 1024, HttpStatusCode.OK)]
    [InlineData("1k", 1025, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("2K", 2048, HttpStatusCode.OK)]
    [InlineData("0", 3 * 1024 * 1024, HttpStatusCode.OK)] // 0: no limit at all, above the 1m default too
    [InlineData(null, 1024 * 1024, HttpStatusCode.OK)] // absent: ingress-nginx's configmap default, 1m
    [InlineData(null, (1024 * 1024) + 1, HttpStatusCode.RequestEntityTooLarge)]
    public async Task A_content_length_over_the_limit_is_413_before_the_backend(string? limit, int bytes, HttpStatusCode expected)
    {
        await using var gateway = await StartAsync(limit);
        var before = Volatile.Read(ref s_backendCalls);

        var (status, body) = await PostAsync(gateway, bytes, chunked: false);

        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal($"read={bytes}\n", body);
        }
        else
        {
            Assert.Equal("413 Request Entity Too Large\n", body);
            Assert.Equal(before, Volatile.Read(ref s_backendCalls));
        }
    }

    // A chunked body has no length up front: Kestrel holds the limit while it is read. Kestrel counts
    // the chunk framing too (a 1016-byte body in one chunk is refused under 1k), so a body within a few
    // bytes a chunk of the limit is refused where nginx, counting decoded bytes, would take it.
    [Theory]
    [InlineData(1000, HttpStatusCode.OK)]
    [InlineData(1025, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(4096, HttpStatusCode.RequestEntityTooLarge)]
    public async Task A_chunked_body_over_the_limit_is_413_while_read(int bytes, HttpStatusCode expected)
    {
        await using var gateway = await StartAsync("1k");

        var (status, _) = await PostAsync(gateway, bytes, chunked: true);

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task A_chunked_body_from_curl_over_the_limit_is_413()
    {
        await using var gateway = await StartAsync("1k");

        var response = await Curl.GetAsync(
            gateway.HttpPort, Host, "/upload", "-X", "POST", "-H", "Transfer-Encoding: chunked", "--data-binary", new string('a', 3000));

        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task The_default_is_an_option_and_null_leaves_kestrels_limit()
    {
        await using var small = await StartAsync(null, o => o.Options.ProxyBodySize = 100);
        await using var kestrel = await StartAsync(null, o => o.Options.ProxyBodySize = null);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(small, 101, chunked: false)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(kestrel, 2 * 1024 * 1024, chunked: false)).Status);
    }
}
