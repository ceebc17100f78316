using IngressCore.Proxy.Tests.Support;

namespace IngressCore.Faults.Tests.Support;

/// <summary>
/// A Kestrel backend that reads each request and never answers, until the gateway gives up and
/// closes the connection; <see cref="Open"/> counts the requests whose connection is still open,
/// so a gateway that forgot a connection it timed out shows here.
/// </summary>
internal sealed class HangingBackend : IAsyncDisposable
{
    private TestBackend _backend = null!;
    private int _open;

    private HangingBackend()
    {
    }

    public int Port => _backend.Port;

    /// <summary>Requests that reached it.</summary>
    public int Requests => _backend.Requests;

    /// <summary>Requests that reached it and whose connection the gateway has not closed yet.</summary>
    public int Open => Volatile.Read(ref _open);

    public static async Task<HangingBackend> StartAsync(string name)
    {
        var hanging = new HangingBackend();
        hanging._backend = await TestBackend.StartAsync(name, async context =>
        {
            Interlocked.Increment(ref hanging._open);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The gateway closed the connection: what a backend sees of a proxy-read-timeout.
            }
            finally
            {
                Interlocked.Decrement(ref hanging._open);
            }
        });
        return hanging;
    }

    public ValueTask DisposeAsync() => _backend.DisposeAsync();
}
