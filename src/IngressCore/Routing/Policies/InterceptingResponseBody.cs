using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IngressCore.Routing.Policies;

/// <summary>
/// The response body of an in-process backend whose status may be replaced (<c>custom-http-errors</c>):
/// at the first byte, flush or start, the status is looked at once. A listed status swallows the
/// body and keeps the response unstarted, so the error backend can answer instead (nginx's
/// <c>proxy_intercept_errors</c>); any other status passes every write straight through.
/// </summary>
internal sealed class InterceptingResponseBody(IHttpResponseBodyFeature inner, HttpResponse response, IReadOnlyList<int> codes)
    : ResponseBodyStream, IHttpResponseBodyFeature
{
    private bool? _intercepted;
    private PipeWriter? _writer;

    /// <summary>Whether the response is being replaced: decided at the first write, or now if nothing was written.</summary>
    public bool Intercepted => _intercepted ??= !response.HasStarted && codes.Contains(response.StatusCode);

    Stream IHttpResponseBodyFeature.Stream => this;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        Intercepted ? Task.CompletedTask : inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        Intercepted ? Task.CompletedTask : inner.SendFileAsync(path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        await FlushWriterAsync();
        if (!Intercepted)
        {
            await inner.CompleteAsync();
        }
    }

    /// <summary>Pushes what the backend left in <see cref="Writer"/> through (or into the void).</summary>
    public async Task FlushWriterAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (!Intercepted)
        {
            inner.Stream.Write(buffer, offset, count);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Intercepted ? ValueTask.CompletedTask : inner.Stream.WriteAsync(buffer, cancellationToken);

    public override void Flush()
    {
        if (!Intercepted)
        {
            inner.Stream.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Intercepted ? Task.CompletedTask : inner.Stream.FlushAsync(cancellationToken);
}
