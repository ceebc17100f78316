using System.Net;
using System.Net.Sockets;

namespace IngressCore.Faults.Tests.Support;

/// <summary>
/// A backend that accepts each connection, reads what the gateway sends, and resets it (RST, by
/// closing with a zero linger) without answering: a pod whose process crashes mid-request.
/// </summary>
internal sealed class ResettingBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    public ResettingBackend()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Connections accepted (and reset).</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(async () =>
            {
                using (socket)
                {
                    try
                    {
                        // The request head arrives: the gateway has sent it, so only an idempotent one may go elsewhere.
                        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        await socket.ReceiveAsync(new byte[4096], SocketFlags.None, read.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException)
                    {
                        // Reset all the same.
                    }

                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
            });
        }
    }
}
