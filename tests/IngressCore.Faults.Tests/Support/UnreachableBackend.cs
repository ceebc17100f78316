using System.Net;
using System.Net.Sockets;

namespace IngressCore.Faults.Tests.Support;

/// <summary>
/// A listening socket that never accepts, with its accept queue full: the kernel drops every new
/// SYN, so a connection to it neither succeeds nor fails until the client's connect timeout (a pod
/// whose node dropped off the network, on loopback).
/// </summary>
internal sealed class UnreachableBackend : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _fillers = [];

    private UnreachableBackend()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public static async Task<UnreachableBackend> StartAsync()
    {
        var backend = new UnreachableBackend();
        // Fill the accept queue until a connection no longer completes (Linux keeps backlog + 1).
        for (var i = 0; i < 8; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await filler.ConnectAsync(IPAddress.Loopback, backend.Port, timeout.Token);
                backend._fillers.Add(filler);
            }
            catch (OperationCanceledException)
            {
                filler.Dispose();
                return backend;
            }
        }

        backend.Dispose();
        throw new InvalidOperationException("the accept queue of a loopback listener never filled: connections to it would not time out");
    }

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }

        _listener.Dispose();
    }
}
