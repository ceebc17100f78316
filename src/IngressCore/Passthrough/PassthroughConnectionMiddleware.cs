using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using IngressCore.Tls;

namespace IngressCore.Passthrough;

/// <summary>
/// ssl-passthrough on a Kestrel endpoint, ahead of its TLS: reads the client's ClientHello without
/// consuming it, and when the server name is a passthrough host, relays the connection's raw bytes
/// (the ClientHello first) to the host's backend; otherwise hands the connection, bytes untouched,
/// to the next middleware, Kestrel's TLS. With no passthrough host in the current snapshot nothing
/// is read at all.
/// </summary>
internal sealed partial class PassthroughConnectionMiddleware(
    ConnectionDelegate next,
    Func<PassthroughHosts> hosts,
    TimeSpan clientHelloTimeout,
    TimeSpan idleTimeout,
    TimeProvider time,
    ILogger<PassthroughConnectionMiddleware> logger)
{
    /// <summary>How long connecting to one backend endpoint may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How many endpoints a connection tries before it is closed.</summary>
    public const int MaxConnectAttempts = 3;

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        // Read per connection: a reload applies to the next connection.
        var passthrough = hosts();
        if (passthrough.Count == 0)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        // Kestrel's ConnectionClosed is not used here nor below: its socket transport raises it when
        // the client half-closes, which a client may do right after its hello and data; the pipe
        // still holds those bytes, and the backend's answer must still get through. A client that
        // goes away ends the pipe reads instead.
        ClientHello hello;
        using (var timeout = new CancellationTokenSource(clientHelloTimeout, time))
        {
            try
            {
                hello = await PeekClientHelloAsync(connection.Transport.Input, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogNoClientHello(connection.ConnectionId, connection.RemoteEndPoint);
                return;
            }
            catch (IOException e)
            {
                // A reset while the hello was on its way: this connection ends, no other is affected.
                LogInvalidClientHello(connection.ConnectionId, connection.RemoteEndPoint, e.Message);
                return;
            }
        }

        if (hello.Status != ClientHelloStatus.Parsed)
        {
            // Not TLS (or nothing usable): Kestrel's TLS would refuse it too. Returning closes it.
            LogInvalidClientHello(connection.ConnectionId, connection.RemoteEndPoint, hello.Reason);
            return;
        }

        if (passthrough.Find(hello.ServerName) is not { } backend)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        await PassThroughAsync(connection, backend).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads until the ClientHello is whole (or refused) and leaves every byte in the pipe. Waiting
    /// for more marks what was read as examined, so the next read waits for new bytes. The final
    /// advance examines only what earlier reads did (the examined position only moves forward),
    /// not the new bytes, so the next reader (Kestrel's TLS or the relay) gets the buffered bytes
    /// at once instead of waiting for bytes a client waiting for its ServerHello never sends.
    /// </summary>
    private static async Task<ClientHello> PeekClientHelloAsync(PipeReader input, CancellationToken cancellationToken)
    {
        // One reader per connection: each read parses only the bytes the last one had not seen, so
        // a hello dripped a byte at a time costs each byte once (docs/tls.md §9).
        using var reader = new ClientHelloReader();
        long examined = 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var hello = reader.ReadMore(buffer);
            if (hello.Status == ClientHelloStatus.Incomplete && !result.IsCompleted && !result.IsCanceled)
            {
                examined = buffer.Length;
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            input.AdvanceTo(buffer.Start, buffer.GetPosition(Math.Min(examined, buffer.Length)));
            return hello.Status == ClientHelloStatus.Incomplete
                ? ClientHello.Invalid(buffer.IsEmpty ? "the client sent nothing" : "the client stopped before its ClientHello ended")
                : hello;
        }
    }

    private async Task PassThroughAsync(ConnectionContext connection, PassthroughBackend backend)
    {
        using var socket = await ConnectAsync(backend).ConfigureAwait(false);
        if (socket is null)
        {
            // Without endpoints the load already warned; per connection that is debug, so clients
            // cannot flood the log. Endpoints that all failed are news: a warning.
            if (backend.Endpoints.Count == 0)
            {
                LogNoEndpoint(connection.ConnectionId, backend.Host, backend.Service);
            }
            else
            {
                LogNoBackend(connection.ConnectionId, backend.Host, backend.Service);
            }

            return;
        }

        LogPassingThrough(connection.ConnectionId, backend.Host, socket.RemoteEndPoint);
        // Server shutdown (not the client's half-close) ends the relay even when the backend is silent.
        var shutdown = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        if (await PassthroughRelay.RunAsync(connection.Transport, socket, idleTimeout, time, shutdown).ConfigureAwait(false))
        {
            LogIdle(connection.ConnectionId, backend.Host, idleTimeout);
        }
    }

    private async Task<Socket?> ConnectAsync(PassthroughBackend backend)
    {
        foreach (var endpoint in backend.InTurn().Take(MaxConnectAttempts))
        {
            var socket = endpoint is IPEndPoint ip
                ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.NoDelay = true;
            using var timeout = new CancellationTokenSource(ConnectTimeout, time);
            try
            {
                await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
                return socket;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                LogConnectFailed(backend.Host, endpoint, e.Message);
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "connection {ConnectionId} from {Remote}: no ClientHello within the timeout; closed")]
    private partial void LogNoClientHello(string connectionId, EndPoint? remote);

    [LoggerMessage(EventId = 41, Level = LogLevel.Debug, Message = "connection {ConnectionId} from {Remote}: {Reason}; closed")]
    private partial void LogInvalidClientHello(string connectionId, EndPoint? remote, string? reason);

    [LoggerMessage(EventId = 42, Level = LogLevel.Debug, Message = "connection {ConnectionId}: ssl-passthrough for {Host} to {Endpoint}")]
    private partial void LogPassingThrough(string connectionId, string host, EndPoint? endpoint);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "connection {ConnectionId}: ssl-passthrough host {Host} has no reachable endpoint of {Service}; closed")]
    private partial void LogNoBackend(string connectionId, string host, string service);

    [LoggerMessage(EventId = 45, Level = LogLevel.Debug, Message = "connection {ConnectionId}: ssl-passthrough host {Host} has no ready endpoint of {Service}; closed")]
    private partial void LogNoEndpoint(string connectionId, string host, string service);

    [LoggerMessage(EventId = 46, Level = LogLevel.Debug, Message = "connection {ConnectionId}: ssl-passthrough for {Host} idle for {Timeout}; closed")]
    private partial void LogIdle(string connectionId, string host, TimeSpan timeout);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "ssl-passthrough host {Host}: connecting to {Endpoint} failed: {Reason}")]
    private partial void LogConnectFailed(string host, EndPoint endpoint, string reason);
}
