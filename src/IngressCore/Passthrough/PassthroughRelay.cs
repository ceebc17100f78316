using System.IO.Pipelines;
using System.Net.Sockets;

namespace IngressCore.Passthrough;

/// <summary>
/// Copies raw bytes both ways between a Kestrel connection and a backend socket: TCP relaying, no
/// TLS and no HTTP. A side that finishes sending is half-closed on the other side (the other
/// direction keeps flowing, as TLS close_notify exchanges need); when the backend finishes, either
/// side fails, the relay is idle for its timeout, or the server shuts down, both directions stop
/// and the relay ends, so no connection outlives both of its directions.
/// </summary>
internal static class PassthroughRelay
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>Relays until both directions are done; returns <see langword="true"/> when the idle timeout ended it.</summary>
    public static async Task<bool> RunAsync(IDuplexPipe client, Socket backend, TimeSpan idleTimeout, TimeProvider time, CancellationToken shutdown)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        // Disposed before stop (declared after it), so a late tick cannot cancel a disposed source.
        using var idle = new IdleWatch(idleTimeout, time, stop);
        var stream = new NetworkStream(backend, ownsSocket: false);
        await using (stream.ConfigureAwait(false))
        {
            var up = ClientToBackendAsync(client.Input, backend, stream, idle, stop);
            var down = BackendToClientAsync(stream, client.Output, idle, stop);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }

        return idle.Expired;
    }

    private static async Task ClientToBackendAsync(PipeReader input, Socket backend, NetworkStream stream, IdleWatch idle, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(stop.Token).ConfigureAwait(false);
                idle.Touch();
                foreach (var segment in result.Buffer)
                {
                    await stream.WriteAsync(segment, stop.Token).ConfigureAwait(false);
                }

                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            // The client is done sending: say so to the backend, and keep its answer flowing.
            backend.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            stop.Cancel();
        }
    }

    private static async Task BackendToClientAsync(NetworkStream stream, PipeWriter output, IdleWatch idle, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                var memory = output.GetMemory(ChunkSize);
                var read = await stream.ReadAsync(memory, stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                idle.Touch();
                output.Advance(read);
                var flushed = await output.FlushAsync(stop.Token).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }

            await output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Reported by ending the connection.
        }
        finally
        {
            // The backend is done (or gone): nothing more can reach the client, so the connection ends.
            stop.Cancel();
        }
    }

    private static bool IsConnectionEnd(Exception e) =>
        e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException;

    /// <summary>
    /// nginx's <c>proxy_timeout</c> for a stream: the time allowed between two successive reads in
    /// either direction. One timer per relay, not one per read: each read only stamps the time, and
    /// the timer, when due, either ends the relay or waits for the rest of the timeout from the
    /// last read.
    /// </summary>
    private sealed class IdleWatch : IDisposable
    {
        private readonly TimeSpan _timeout;
        private readonly TimeProvider _time;
        private readonly CancellationTokenSource _stop;
        private readonly ITimer _timer;
        private long _lastActivity;
        private volatile bool _expired;

        public IdleWatch(TimeSpan timeout, TimeProvider time, CancellationTokenSource stop)
        {
            _timeout = timeout;
            _time = time;
            _stop = stop;
            _lastActivity = time.GetTimestamp();
            _timer = time.CreateTimer(static state => ((IdleWatch)state!).OnDue(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        public bool Expired => _expired;

        public void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

        public void Dispose() => _timer.Dispose();

        private void OnDue()
        {
            var quiet = _time.GetElapsedTime(Volatile.Read(ref _lastActivity));
            if (quiet < _timeout)
            {
                _timer.Change(_timeout - quiet, Timeout.InfiniteTimeSpan);
                return;
            }

            _expired = true;
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The relay ended as the timer fell due.
            }
        }
    }
}
