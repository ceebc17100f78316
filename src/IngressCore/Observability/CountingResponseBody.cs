using System.IO.Pipelines;
using IngressCore.Routing.Policies;
using Microsoft.AspNetCore.Http.Features;

namespace IngressCore.Observability;

/// <summary>
/// The response body as the access log sees it: every write passes straight to the server's own
/// body (stream, pipe or file) and adds its length to <see cref="BytesWritten"/>, nginx's
/// <c>$body_bytes_sent</c>. Installed only while the access log is enabled.
/// </summary>
internal sealed class CountingResponseBody(IHttpResponseBodyFeature inner) : ResponseBodyStream, IHttpResponseBodyFeature
{
    private CountingPipeWriter? _writer;
    private long _streamed;

    /// <summary>The body bytes the backend wrote, by any of the three ways.</summary>
    public long BytesWritten => _streamed + (_writer?.BytesWritten ?? 0);

    /// <summary>The server's body this one passes writes to.</summary>
    public IHttpResponseBodyFeature Inner => inner;

    Stream IHttpResponseBodyFeature.Stream => this;

    public PipeWriter Writer => _writer ??= new CountingPipeWriter(inner.Writer);

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        _streamed += count ?? Math.Max(0, new FileInfo(path).Length - offset);
        return inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    public Task CompleteAsync() => inner.CompleteAsync();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Stream.Write(buffer, offset, count);
        _streamed += count;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Stream.Write(buffer);
        _streamed += buffer.Length;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _streamed += buffer.Length;
        return inner.Stream.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Stream.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.Stream.FlushAsync(cancellationToken);

    /// <summary>The server's pipe, counting what is advanced or written through it.</summary>
    private sealed class CountingPipeWriter(PipeWriter inner) : PipeWriter
    {
        public long BytesWritten { get; private set; }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            inner.Advance(bytes);
            BytesWritten += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            BytesWritten += source.Length;
            return inner.WriteAsync(source, cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
