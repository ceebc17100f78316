using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace IngressCore.Routing.Policies;

/// <summary>
/// The connection middleware behind <c>UseIngressRequestFraming()</c>: puts a
/// <see cref="RequestHeadRecorder"/> between the connection's (decrypted) bytes and Kestrel's
/// HTTP/1.x parser, and into the connection's features, where <see cref="RequestFraming"/> finds it.
/// HTTP/2 connections (ALPN <c>h2</c>) are handed on untouched.
/// </summary>
internal sealed class RequestHeadCapture(ConnectionDelegate next, KestrelServerLimits limits)
{
    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        if (connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual("h2"u8) == true)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        var transport = connection.Transport;
        // A head is its request line and its header lines, each with its line end, and the empty
        // line; Kestrel refuses a longer one (414, 431). The slack covers how it counts them.
        var window = limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize + (4 * (limits.MaxRequestHeaderCount + 2)) + 4096;
        using var recorder = new RequestHeadRecorder(transport.Input, window);
        connection.Transport = new Duplex(recorder, transport.Output);
        connection.Features.Set(recorder);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            connection.Features.Set<RequestHeadRecorder>(null);
            connection.Transport = transport;
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
