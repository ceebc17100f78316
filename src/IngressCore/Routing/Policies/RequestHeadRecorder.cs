using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace IngressCore.Routing.Policies;

/// <summary>
/// Keeps a copy of the HTTP/1.x bytes Kestrel has taken from a connection since the last request
/// was checked, so <see cref="RequestFraming"/> can look at a request's header lines as they were
/// sent: Kestrel keeps only the value it parsed from <c>Content-Length</c> (<c>+5</c> becomes 5).
/// A delegating <see cref="PipeReader"/> between the transport and Kestrel; it copies what Kestrel
/// consumes (at most a window's worth, the most a request head may be under Kestrel's limits) and
/// never changes a byte, a read or a position. The body of a request with a Content-Length is
/// skipped, not copied.
/// </summary>
internal sealed class RequestHeadRecorder : PipeReader, IDisposable
{
    private static readonly byte[] Http2Preface = "PRI * HTTP/2.0"u8.ToArray();

    private readonly PipeReader _inner;
    private readonly int _window;
    private ReadOnlySequence<byte> _last;
    private byte[]? _copy;
    private int _length;
    private long _skip;
    private bool _off;
    private bool _fromStart = true; // the copy begins with the connection's first byte

    public RequestHeadRecorder(PipeReader inner, int window)
    {
        _inner = inner;
        _window = window;
    }

    /// <summary>
    /// The head of the request Kestrel is handling (its request line, then its header lines to the
    /// empty line and possibly bytes after it), found by its request line among the bytes kept;
    /// empty when it is not there whole (a head over the window, or bytes read past it before the
    /// check). Valid until <see cref="Release"/>.
    /// </summary>
    public ReadOnlySpan<byte> FindHead(string method, string rawTarget, string protocol)
    {
        var kept = _copy.AsSpan(0, _length);
        var length = method.Length + rawTarget.Length + protocol.Length + 2;
        if (length > _window)
        {
            return default;
        }

        byte[]? rented = null;
        var line = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            // The request line as sent: Kestrel keeps method, target and version as they came.
            var written = 0;
            foreach (var part in (ReadOnlySpan<string>)[method, " ", rawTarget, " ", protocol])
            {
                if (Encoding.Latin1.GetBytes(part, line[written..]) is var count && count != part.Length)
                {
                    return default;
                }

                written += count;
            }

            var at = kept.LastIndexOf(line[..written]);
            // The request line ends there (CRLF, or a bare LF, which Kestrel also takes as a line end).
            return at >= 0 && kept.Length > at + written && kept[at + written] is (byte)'\r' or (byte)'\n'
                ? kept[at..]
                : default;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Forgets what was kept, and skips the <paramref name="bodyLength"/> bytes of body that follow the head.</summary>
    public void Release(long? bodyLength)
    {
        Forget();
        _fromStart = false;
        _skip = bodyLength ?? 0;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        // Copied before the inner reader may release the memory.
        Record(_last.Slice(_last.Start, consumed));
        _last = default;
        _inner.AdvanceTo(consumed, examined);
    }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await _inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        _last = result.Buffer;
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!_inner.TryRead(out result))
        {
            return false;
        }

        _last = result.Buffer;
        return true;
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        _inner.Complete(exception);
        Forget();
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        Forget();
        return _inner.CompleteAsync(exception);
    }

    public void Dispose() => Forget();

    private void Record(ReadOnlySequence<byte> bytes)
    {
        if (_off || bytes.IsEmpty)
        {
            return;
        }

        if (_skip > 0)
        {
            var skipped = Math.Min(_skip, bytes.Length);
            _skip -= skipped;
            bytes = bytes.Slice(skipped);
            if (bytes.IsEmpty)
            {
                return;
            }
        }

        if (bytes.Length >= _window)
        {
            // Only the last window's worth can still hold a head.
            bytes = bytes.Slice(bytes.Length - _window);
            _length = 0;
            _fromStart = false;
        }

        var size = (int)bytes.Length;
        _copy ??= ArrayPool<byte>.Shared.Rent(_window);
        if (_length + size > _window)
        {
            var drop = _length + size - _window;
            _copy.AsSpan(drop, _length - drop).CopyTo(_copy);
            _length -= drop;
            _fromStart = false;
        }

        bytes.CopyTo(_copy.AsSpan(_length));
        _length += size;
        if (_fromStart && _length >= Http2Preface.Length)
        {
            // HTTP/2 with prior knowledge begins the connection with its preface: frames follow,
            // not header lines, and nothing is kept. Only there: a body that begins so is a body.
            _off = _copy.AsSpan(0, Http2Preface.Length).SequenceEqual(Http2Preface);
            _fromStart = false;
            if (_off)
            {
                Forget();
            }
        }
    }

    private void Forget()
    {
        _length = 0;
        if (_copy is not null)
        {
            ArrayPool<byte>.Shared.Return(_copy);
            _copy = null;
        }
    }
}
