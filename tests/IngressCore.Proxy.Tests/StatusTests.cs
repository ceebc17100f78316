using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IngressCore.Proxy.Tests.Support;
using Microsoft.AspNetCore.Http;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>504 on timeouts, 413 while a body streams: small configured limits, backends that really hang, generous outer bounds.</summary>
public sealed class StatusTests
{
    [Fact]
    public async Task A_backend_that_does_not_answer_within_proxy_read_timeout_gets_504()
    {
        await using var hanging = await TestBackend.StartAsync("hang", async context =>
            await Task.Delay(Timeout.Infinite, context.RequestAborted));
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "slow.example", Nginx(("proxy-read-timeout", "1")), paths: [("/", "hang")])], [Service("hang")], Slices("hang", [hanging])));

        var clock = Stopwatch.StartNew();
        using var response = await gateway.Client().GetAsync("http://slow.example/");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("<center><h1>504 Gateway Time-out</h1></center>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task An_endpoint_that_never_accepts_the_connection_gets_504_after_proxy_connect_timeout()
    {
        // A listener with a full backlog that never accepts: the kernel drops further SYNs, so a
        // connect hangs as it would to a dead pod's address.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                _ = filler.ConnectAsync(IPAddress.Loopback, port);
            }

            await Task.Delay(200);
            await using var gateway = await ProxyGateway.StartAsync(Objects(
                [Ingress("web", "dead.example", Nginx(("proxy-connect-timeout", "1")), paths: [("/", "dead")])], [Service("dead")],
                [Slice("dead", "a", "127.0.0.1", port)]));

            var clock = Stopwatch.StartNew();
            using var response = await gateway.Client().GetAsync("http://dead.example/");

            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
            Assert.Contains("connect timeout", gateway.Log.Text, StringComparison.Ordinal);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Backend_protocol_FCGI_is_answered_502_without_a_try()
    {
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "fcgi.example", Nginx(("backend-protocol", "FCGI")), paths: [("/", "app")])], [Service("app")], Slices("app", [app])));

        using var response = await gateway.Client().GetAsync("http://fcgi.example/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(0, app.Requests);
    }

    [Fact]
    public async Task A_chunked_body_over_proxy_body_size_gets_413_while_it_streams()
    {
        await using var sink = await TestBackend.StartAsync("sink", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            await context.Response.WriteAsync("read all");
        });
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "limit.example", Nginx(("proxy-body-size", "1k")), paths: [("/", "sink")])], [Service("sink")], Slices("sink", [sink])));

        using var content = new StreamContent(new MemoryStream(new byte[64 * 1024]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://limit.example/") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await gateway.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
