using System.Buffers;
using System.IO.Pipelines;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// Splits a watch answer into its events: one JSON object per line. A line is handed to the
/// handler in place (no copy); one longer than <see cref="MaxEventBytes"/> ends the watch rather
/// than growing without bound.
/// </summary>
internal static class WatchStream
{
    /// <summary>The longest event read: well above the API's 1.5 MiB object limit, far below what would hurt.</summary>
    public const int MaxEventBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Hands each non-empty line to <paramref name="handle"/> until the stream ends or the handler
    /// returns <see langword="false"/>. The line is valid only during the call.
    /// </summary>
    /// <exception cref="InvalidDataException">A line is longer than <see cref="MaxEventBytes"/>.</exception>
    public static async Task ReadAsync(Stream stream, Func<ReadOnlySequence<byte>, bool> handle, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    if (!IsBlank(line) && !handle(line))
                    {
                        return;
                    }
                }

                if (buffer.Length > MaxEventBytes)
                {
                    throw new InvalidDataException($"a watch event is longer than {MaxEventBytes / (1024 * 1024)} MiB");
                }

                if (result.IsCompleted)
                {
                    if (!IsBlank(buffer))
                    {
                        handle(buffer);
                    }

                    return;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept((byte)' ', (byte)'\r', (byte)'\t') >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
