using Microsoft.Extensions.Time.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.Model;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Sources;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// ssl-passthrough end to end on real Kestrel: a TLS backend with its own certificate behind a
/// Service and EndpointSlice, a passthrough host next to a terminated one, checked with SslStream,
/// openssl s_client and curl.
/// </summary>
public sealed class PassthroughTests(PassthroughTests.Setup setup) : IClassFixture<PassthroughTests.Setup>
{
    private const string TerminatedSubject = "CN=web.example.com";
    private const string DefaultSubject = "CN=IngressCore default certificate";

    /// <summary>The backend and a gateway whose objects pass pass.example.com through (and empty.example.com, which has no endpoint).</summary>
    public sealed class Setup : IAsyncLifetime
    {
        public TlsBackend Backend { get; private set; } = null!;

        public RoutingGateway Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Backend = await TlsBackend.StartAsync();
            Gateway = await RoutingGateway.StartAsync(Objects(Backend.Port, passthrough: true));
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Backend.DisposeAsync();
        }
    }

    /// <summary>
    /// web.example.com terminated with its Secret; pass.example.com to Service tls-backend (port
    /// name https, target the backend's port on 127.0.0.1; a not-ready ::1 endpoint is never
    /// used), with ssl-passthrough when <paramref name="passthrough"/>; empty.example.com passed
    /// through to a Service without endpoints.
    /// </summary>
    public static IngressObjects Objects(int backendPort, bool passthrough)
    {
        var pki = TestPki.Shared.Value;
        Dictionary<string, string> annotations = passthrough
            ? new() { ["nginx.ingress.kubernetes.io/ssl-passthrough"] = "true" }
            : [];
        return new IngressObjects
        {
            Ingresses =
            [
                Ingress("web", "web.example.com", "web", 80, [], tls: true),
                Ingress("pass", "pass.example.com", "tls-backend", 443, annotations),
                Ingress("empty", "empty.example.com", "no-endpoints", 443, new() { ["nginx.ingress.kubernetes.io/ssl-passthrough"] = "true" }),
            ],
            TlsSecrets = [pki.Secret("default", "web-tls", "web.example.com")],
            Services =
            [
                new ServiceDefinition { Namespace = "default", Name = "tls-backend", Ports = [new ServicePortDefinition { Name = "https", Port = 443, TargetPort = "8443" }] },
                new ServiceDefinition { Namespace = "default", Name = "no-endpoints", Ports = [new ServicePortDefinition { Port = 443 }] },
            ],
            EndpointSlices =
            [
                new EndpointSliceDefinition
                {
                    Namespace = "default",
                    Name = "tls-backend-1",
                    ServiceName = "tls-backend",
                    Ports = [new EndpointPortDefinition { Name = "https", Port = backendPort }],
                    Endpoints = [new EndpointDefinition { Address = "::1", Ready = false, Serving = false }, new EndpointDefinition { Address = "127.0.0.1" }],
                },
            ],
        };
    }

    private static IngressDefinition Ingress(string name, string host, string service, int port, Dictionary<string, string> annotations, bool tls = false) => new()
    {
        Namespace = "default",
        Name = name,
        Annotations = annotations,
        Rules = [new IngressRule { Host = host, Paths = [new IngressPath { Path = "/", PathType = PathType.Prefix, Backend = IngressBackend.ForService(service, port) }] }],
        Tls = tls ? [new IngressTls { SecretName = "web-tls", Hosts = [host] }] : [],
    };

    [Fact]
    public async Task An_SslStream_client_gets_the_backends_certificate_and_its_answer()
    {
        await using var client = await TlsClient.ConnectAsync(setup.Gateway.Port, "pass.example.com", SslApplicationProtocol.Http11);

        Assert.Equal(TlsBackend.Subject, client.Handshake.Subject);
        Assert.Equal(SslPolicyErrors.None, client.Handshake.Errors);
        Assert.Equal((200, "backend sni=pass.example.com"), await client.GetAsync("pass.example.com"));
        // The relay keeps the connection: a second request on it reaches the backend too.
        Assert.Equal((200, "backend sni=pass.example.com"), await client.GetAsync("pass.example.com"));
    }

    [Fact]
    public async Task Openssl_sees_the_backends_chain_for_the_passthrough_host()
    {
        var result = await ExternalTool.OpenSslAsync(setup.Gateway.Port, "pass.example.com", verifyName: "pass.example.com");

        Assert.True(result.Subjects.Count > 0 && result.Subjects[0].Contains("passthrough backend", StringComparison.Ordinal), result.Output);
        Assert.True(result.VerifyCode == 0, result.Output);
    }

    [Fact]
    public async Task Curl_reaches_the_backend_through_passthrough_and_the_terminated_host_through_the_gateway()
    {
        var passed = await ExternalTool.CurlAsync(setup.Gateway.Port, "pass.example.com");
        var terminated = await ExternalTool.CurlAsync(setup.Gateway.Port, "web.example.com");

        Assert.Equal((0, "backend sni=pass.example.com"), (passed.ExitCode, passed.Body));
        Assert.Equal((0, "terminated sni=web.example.com"), (terminated.ExitCode, terminated.Body));
    }

    [Fact]
    public async Task The_terminated_host_still_gets_the_stores_certificate_and_no_name_gets_the_default()
    {
        await using var client = await TlsClient.ConnectAsync(setup.Gateway.Port, "web.example.com", SslApplicationProtocol.Http11);
        var noName = await ExternalTool.OpenSslAsync(setup.Gateway.Port, serverName: null);

        Assert.Equal(TerminatedSubject, client.Handshake.Subject);
        Assert.Equal((200, "terminated sni=web.example.com"), await client.GetAsync("web.example.com"));
        Assert.True(noName.Subjects.Count > 0 && noName.Subjects[0].Contains("IngressCore default certificate", StringComparison.Ordinal), noName.Output);
    }

    [Theory]
    [InlineData("pass.example.com", TlsBackend.Subject)]
    [InlineData("web.example.com", TerminatedSubject)]
    public async Task A_hello_that_arrives_in_small_pieces_goes_the_same_way(string host, string subject)
    {
        await using var client = await TlsClient.ConnectAsync(
            setup.Gateway.Port, host, stream => new TrickleStream(stream), SslApplicationProtocol.Http11);

        Assert.Equal(subject, client.Handshake.Subject);
        Assert.Equal(200, (await client.GetAsync(host)).Status);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ', (byte)'/', (byte)' ', (byte)'H', (byte)'T', (byte)'T', (byte)'P', (byte)'/', (byte)'1', (byte)'.', (byte)'1', (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n' })]
    [InlineData(new byte[] { 0x80, 0x2e, 0x01, 0x00, 0x02, 0x00, 0x15 })]
    [InlineData(new byte[] { 22, 3, 1, 0x40, 0x01 })]
    [InlineData(new byte[] { 22, 3, 1, 0, 4, 1, 0xff, 0xff, 0xff })]
    public async Task A_malformed_hello_is_closed_and_the_next_connection_works(byte[] bytes)
    {
        Assert.True(await IsClosedAfterAsync(setup.Gateway.Port, bytes, finish: false));

        await using var client = await TlsClient.ConnectAsync(setup.Gateway.Port, "pass.example.com", SslApplicationProtocol.Http11);
        Assert.Equal(TlsBackend.Subject, client.Handshake.Subject);
    }

    [Fact]
    public async Task A_client_that_stops_halfway_through_its_hello_is_closed_and_the_next_connection_works()
    {
        var hello = await ClientHellos.CaptureAsync("pass.example.com");

        Assert.True(await IsClosedAfterAsync(setup.Gateway.Port, hello[..(hello.Length / 2)], finish: true));

        await using var client = await TlsClient.ConnectAsync(setup.Gateway.Port, "web.example.com", SslApplicationProtocol.Http11);
        Assert.Equal(TerminatedSubject, client.Handshake.Subject);
    }

    [Fact]
    public async Task A_client_that_sends_half_its_hello_and_waits_is_closed_when_the_hello_timeout_ends()
    {
        var timeout = TimeSpan.FromSeconds(3);
        var time = new TimerWatchingTimeProvider(timeout);
        await using var gateway = await RoutingGateway.StartAsync(
            Objects(setup.Backend.Port, passthrough: true), o => o.PassthroughClientHelloTimeout = timeout, time);
        var hello = await ClientHellos.CaptureAsync("pass.example.com");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port));
        await socket.SendAsync(hello.AsMemory(0, hello.Length / 2), SocketFlags.None);

        // The middleware starts the hello's clock when the connection arrives; the test's clock
        // stands still until it moves it, so the connection is closed exactly when the option says.
        await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(15));
        time.Advance(timeout - TimeSpan.FromTicks(1));
        Assert.False(socket.Poll(0, SelectMode.SelectRead), "closed before the hello timeout");
        time.Advance(TimeSpan.FromTicks(1));
        using (var closed = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            Assert.Equal(0, await socket.ReceiveAsync(new byte[256], SocketFlags.None, closed.Token));
        }

        await using var client = await TlsClient.ConnectAsync(gateway.Port, "pass.example.com", SslApplicationProtocol.Http11);
        Assert.Equal(TlsBackend.Subject, client.Handshake.Subject);
    }

    [Fact]
    public async Task A_passthrough_host_without_endpoints_is_closed_not_terminated()
    {
        var error = await Record.ExceptionAsync(() => TlsClient.ConnectAsync(setup.Gateway.Port, "empty.example.com"));

        Assert.True(error is IOException or AuthenticationException, error?.ToString());
    }

    [Fact]
    public async Task A_reload_turns_passthrough_on_and_off_for_new_connections()
    {
        await using var gateway = await RoutingGateway.StartAsync(Objects(setup.Backend.Port, passthrough: false));

        // No TLS section and no passthrough: the store's default certificate.
        Assert.Equal(DefaultSubject, (await TlsClient.HandshakeAsync(gateway.Port, "pass.example.com")).Subject);

        gateway.Objects = Objects(setup.Backend.Port, passthrough: true);
        gateway.Reload();
        await using (var passed = await TlsClient.ConnectAsync(gateway.Port, "pass.example.com", SslApplicationProtocol.Http11))
        {
            Assert.Equal(TlsBackend.Subject, passed.Handshake.Subject);

            gateway.Objects = Objects(setup.Backend.Port, passthrough: false);
            gateway.Reload();
            Assert.Equal(DefaultSubject, (await TlsClient.HandshakeAsync(gateway.Port, "pass.example.com")).Subject);

            // A connection passed through before the reload keeps its backend.
            Assert.Equal((200, "backend sni=pass.example.com"), await passed.GetAsync("pass.example.com"));
        }
    }

    [Fact]
    public async Task Bytes_are_relayed_exactly_and_a_half_close_reaches_the_other_side()
    {
        // A raw TCP backend: it reads until the client's end of stream arrives through the relay,
        // then answers with what it got and closes. No TLS is needed: the relay copies bytes.
        using var raw = new TcpListener(IPAddress.Loopback, 0);
        raw.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var received = ReceiveAllThenAnswerAsync(raw, timeout.Token);
        await using var gateway = await RoutingGateway.StartAsync(Objects(((IPEndPoint)raw.LocalEndpoint).Port, passthrough: true));
        var hello = await ClientHellos.CaptureAsync("pass.example.com");
        byte[] sent = [.. hello, .. "after the hello"u8];

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port), timeout.Token);
        await socket.SendAsync(sent, SocketFlags.None, timeout.Token);
        socket.Shutdown(SocketShutdown.Send);
        var answer = new List<byte>();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            answer.AddRange(buffer.AsSpan(0, read));
        }

        Assert.Equal(sent, await received);
        Assert.Equal("got it", System.Text.Encoding.ASCII.GetString([.. answer]));
    }

    [Fact]
    public async Task A_half_closed_relay_silent_for_the_idle_timeout_is_closed_on_both_sides()
    {
        var idle = TimeSpan.FromSeconds(60);
        var time = new TimerWatchingTimeProvider(idle);
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var gateway = await RoutingGateway.StartAsync(
            Objects(((IPEndPoint)silent.LocalEndpoint).Port, passthrough: true), o => o.PassthroughIdleTimeout = idle, time);
        var hello = await ClientHellos.CaptureAsync("pass.example.com");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port), timeout.Token);
        await socket.SendAsync(hello, SocketFlags.None, timeout.Token);
        using var backend = await silent.AcceptSocketAsync(timeout.Token);
        Assert.Equal(hello.Length, await ReceiveExactlyAsync(backend, hello.Length, timeout.Token));
        await time.TimerCreated.WaitAsync(timeout.Token);

        // Half the timeout later the client sends a last byte and half-closes; the backend sees
        // both and stays silent: the connection lingers, half-closed, until the timeout counted
        // from that byte, not from the relay's start.
        time.Advance(idle / 2);
        await socket.SendAsync("!"u8.ToArray(), SocketFlags.None, timeout.Token);
        socket.Shutdown(SocketShutdown.Send);
        Assert.Equal(1, await ReceiveExactlyAsync(backend, 1, timeout.Token));
        Assert.Equal(0, await backend.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));

        time.Advance(idle - TimeSpan.FromTicks(1));
        Assert.False(socket.Poll(0, SelectMode.SelectRead), "closed before the idle timeout counted from the last byte");
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(0, await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));
        await AssertClosedAsync(backend, timeout.Token);
    }

    private static async Task<int> ReceiveExactlyAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var total = 0;
        int read;
        while (total < count && (read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>The relay closed its backend socket: a send fails (reset) once the close has arrived.</summary>
    private static async Task AssertClosedAsync(Socket backend, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await backend.SendAsync("x"u8.ToArray(), SocketFlags.None, cancellationToken);
                await Task.Delay(20, cancellationToken);
            }
            catch (SocketException)
            {
                return;
            }
        }
    }

    [Fact]
    public async Task Stopping_the_server_ends_a_relay_whose_backend_is_silent()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var gateway = await RoutingGateway.StartAsync(Objects(((IPEndPoint)silent.LocalEndpoint).Port, passthrough: true));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port), timeout.Token);
        await socket.SendAsync(await ClientHellos.CaptureAsync("pass.example.com"), SocketFlags.None, timeout.Token);
        using var accepted = await silent.AcceptSocketAsync(timeout.Token);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await gateway.DisposeAsync();

        // Well under the host's shutdown timeout: the relay ended when shutdown was requested.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed}");
        Assert.Equal(0, await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));
    }

    private static async Task<byte[]> ReceiveAllThenAnswerAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        using var client = await listener.AcceptSocketAsync(cancellationToken);
        var all = new List<byte>();
        var buffer = new byte[4096];
        int read;
        while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, read));
        }

        await client.SendAsync("got it"u8.ToArray(), SocketFlags.None, cancellationToken);
        client.Shutdown(SocketShutdown.Both);
        return [.. all];
    }

    /// <summary>Sends <paramref name="bytes"/> (then ends sending, when <paramref name="finish"/>) and says whether the server closed the connection within 15 s.</summary>
    private static async Task<bool> IsClosedAfterAsync(int port, byte[] bytes, bool finish)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        await socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
        if (finish)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        var buffer = new byte[256];
        try
        {
            // Kestrel answers nothing: the first read ends with the connection.
            return await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0;
        }
        catch (SocketException)
        {
            return true; // reset
        }
    }

    /// <summary>A fake clock that says when the middleware has started a timer of the given period.</summary>
    private sealed class TimerWatchingTimeProvider(TimeSpan period) : FakeTimeProvider
    {
        private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _created.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period2)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period2);
            if (dueTime == period)
            {
                _created.TrySetResult();
            }

            return timer;
        }
    }
}
