using System.IO.Pipelines;
using System.Net.Sockets;

namespace IngressCore.Passthrough;

/// <summary>
/// Copies raw bytes both ways between a Kestrel connection and a backend socket: TCP relaying, no
/// TLS and no HTTP. A side that finishes sending is half-closed on the other side (the other
/// direction keeps flowing, as TLS close_notify exchanges need); when the backend finishes, either
/// side fails, or the server shuts down, both directions stop.
/// </summary>
internal static class PassthroughRelay
{
    private const int ChunkSize = 16 * 1024;

    public static async Task RunAsync(IDuplexPipe client, Socket backend, CancellationToken shutdown)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var stream = new NetworkStream(backend, ownsSocket: false);
        await using (stream.ConfigureAwait(false))
        {
            var up = ClientToBackendAsync(client.Input, backend, stream, stop);
            var down = BackendToClientAsync(stream, client.Output, stop);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
    }

    private static async Task ClientToBackendAsync(PipeReader input, Socket backend, NetworkStream stream, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(stop.Token).ConfigureAwait(false);
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

    private static async Task BackendToClientAsync(NetworkStream stream, PipeWriter output, CancellationTokenSource stop)
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
}
