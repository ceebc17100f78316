using System.Net;
using System.Net.WebSockets;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using IngressCore.Proxy.Tests.Grpc;
using IngressCore.IntegrationTests.Support;
using IngressCore.Proxy.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>What does not fit one request and one response: WebSockets, gRPC streams with trailers over HTTP/2, HTTP/2 clients, and a large upload streamed through.</summary>
public sealed class StreamingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_WebSocket_is_relayed_both_ways()
    {
        await using var backend = await TestBackend.StartAsync("ws", configure: app =>
        {
            app.UseWebSockets();
            app.Run(async context =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[4096];
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                        return;
                    }

                    var reply = Encoding.UTF8.GetBytes("echo: " + Encoding.UTF8.GetString(buffer, 0, received.Count));
                    await socket.SendAsync(reply, WebSocketMessageType.Text, true, context.RequestAborted);
                }
            });
        });
        await using var gateway = await ProxyGateway.StartAsync(Objects([Ingress("web", "ws.example", paths: [("/", "ws")])], [Service("ws")], Slices("ws", [backend])));

        using var client = new ClientWebSocket();
        client.Options.SetRequestHeader("Host", "ws.example");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{gateway.HttpPort}/chat"), cancel.Token);
        var answers = new List<string>();
        var buffer = new byte[4096];
        foreach (var text in new[] { "one", "two", "three" })
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancel.Token);
            var received = await client.ReceiveAsync(buffer, cancel.Token);
            answers.Add(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancel.Token);

        Assert.Equal(["echo: one", "echo: two", "echo: three"], answers);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task Grpc_over_HTTP2_streams_both_ways_and_keeps_its_trailers()
    {
        await using var backend = await TestBackend.StartAsync(
            "grpc",
            protocols: HttpProtocols.Http2,
            services: s => s.AddGrpc(),
            configure: app => app.MapGrpcService<EchoService>());
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "grpc.example", Nginx(("backend-protocol", "GRPC")), paths: [("/", "grpc")]),],
                [Service("grpc")], Slices("grpc", [backend]), secrets: [TestCertificates.Secret("default", "grpc-tls", "grpc.example")]),
            https: true);
        using var channel = GrpcChannel.ForAddress("https://grpc.example", new GrpcChannelOptions { HttpClient = gateway.Client() });
        var client = new Echo.EchoClient(channel);

        using var unary = client.SayAsync(new Message { Text = "hello" });
        var reply = await unary;
        var unaryTrailers = unary.GetTrailers();

        using var chat = client.Chat();
        var replies = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var message in chat.ResponseStream.ReadAllAsync())
            {
                replies.Add(message.Text);
            }
        });
        foreach (var text in new[] { "a", "b", "c", "d" })
        {
            await chat.RequestStream.WriteAsync(new Message { Text = text });
        }

        await chat.RequestStream.CompleteAsync();
        await reading;

        Assert.Equal("echo: hello", reply.Text);
        Assert.Equal("grpc-backend", unaryTrailers.GetValue("x-served-by"));
        Assert.Equal(["echo: a", "echo: b", "echo: c", "echo: d"], replies);
        Assert.Equal(StatusCode.OK, chat.GetStatus().StatusCode);
        Assert.Equal("4", chat.GetTrailers().GetValue("x-message-count"));
    }

    [Theory]
    [InlineData("H2C", false)]
    [InlineData("GRPCS", true)]
    public async Task HTTP2_backend_protocols_speak_HTTP2_to_the_backend(string protocol, bool tls)
    {
        var secret = TestCertificates.Secret("default", "backend-tls", "backend.internal");
        using var certificate = tls ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(secret.CertificatePem, secret.PrivateKeyPem) : null;
        await using var backend = await TestBackend.StartAsync("h2", protocols: HttpProtocols.Http2, certificate: certificate);
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "h2c.example", Nginx(("backend-protocol", protocol)), paths: [("/", "h2")])], [Service("h2")], Slices("h2", [backend])));

        using var response = await gateway.Client().GetAsync("http://h2c.example/x");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, gateway.Log.Text);

        Assert.Equal("HTTP/2", TestBackend.Field(body, "protocol"));
    }

    [Fact]
    public async Task An_HTTP2_client_is_answered_in_HTTP2_by_an_HTTP1_backend()
    {
        await using var backend = await TestBackend.StartAsync("app", protocols: HttpProtocols.Http1);
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "h2.example", paths: [("/", "app")])], [Service("app")], Slices("app", [backend]),
                secrets: [TestCertificates.Secret("default", "h2-tls", "h2.example")]),
            https: true);

        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h2.example/x") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await gateway.Client().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("HTTP/1.1", TestBackend.Field(body, "protocol"));
        Assert.Equal("https", TestBackend.Field(body, "x-forwarded-proto"));
    }

    [Fact]
    public async Task A_100_MB_upload_streams_through_with_bounded_memory()
    {
        const long Size = 100L * 1024 * 1024;
        await using var sink = await TestBackend.StartAsync("sink", async context =>
        {
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                total += read;
            }

            await context.Response.WriteAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "upload.example", Nginx(("proxy-body-size", "0")), paths: [("/", "sink")])], [Service("sink")], Slices("sink", [sink])));
        var client = gateway.Client();
        (await client.GetAsync("http://upload.example/warm")).Dispose();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(20);
            }
        });
        using var content = new StreamContent(new GeneratedStream(Size), 64 * 1024);
        using var response = await client.PostAsync("http://upload.example/upload", content);
        var received = await response.Content.ReadAsStringAsync();
        await sampling.CancelAsync();
        await sampler;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Size.ToString(System.Globalization.CultureInfo.InvariantCulture), received);
        // The whole body passed through client, gateway and backend in this process; the managed
        // heap grew by far less than the body (measured figure in the message).
        var growth = peak - before;
        output.WriteLine($"managed heap: {before / 1024} KiB before, peak {peak / 1024} KiB during a {Size / (1024 * 1024)} MiB upload (growth {growth / 1024} KiB)");
        Assert.True(growth < 32L * 1024 * 1024, $"the managed heap grew by {growth / (1024 * 1024)} MiB for a {Size / (1024 * 1024)} MiB upload");
    }

    /// <summary>A read-only stream of <c>length</c> bytes made on the fly, so the test itself holds no body in memory.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            buffer[..n].Fill((byte)'x');
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
