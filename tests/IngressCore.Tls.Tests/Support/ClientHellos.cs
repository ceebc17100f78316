using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;

namespace IngressCore.Tls.Tests.Support;

/// <summary>
/// ClientHellos to read: the bytes a real <see cref="SslStream"/> client sends first (captured from
/// an in-memory stream that fails the read that follows), hand-built ones for edge cases, and the
/// ways of cutting them up (pipe segments, TLS records).
/// </summary>
public static class ClientHellos
{
    /// <summary>A TLS 1.3-capable hello for <c>pass.example.com</c> offering h2 and http/1.1.</summary>
    public static readonly Lazy<byte[]> Real = new(() =>
        CaptureAsync("pass.example.com", [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]).GetAwaiter().GetResult());

    /// <summary>What an SslStream client writes first for <paramref name="targetHost"/> (one record, as SslStream writes it).</summary>
    public static async Task<byte[]> CaptureAsync(
        string targetHost, SslApplicationProtocol[]? alpn = null, SslProtocols protocols = SslProtocols.None)
    {
        using var capture = new CaptureStream();
        using var ssl = new SslStream(capture, leaveInnerStreamOpen: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = targetHost,
                    ApplicationProtocols = alpn is null ? null : [.. alpn],
                    EnabledSslProtocols = protocols,
                    RemoteCertificateValidationCallback = (_, _, _, _) => false,
                },
                timeout.Token);
        }
        catch (Exception e) when (e is IOException or AuthenticationException)
        {
            // Expected: the capture stream ends the handshake after the ClientHello.
        }

        return capture.Written;
    }

    /// <summary>The handshake message (type, length, body) of a one-record hello.</summary>
    public static byte[] HandshakeOf(byte[] records) => records[5..];

    /// <summary>A ClientHello handshake message with the given extensions (type, data).</summary>
    public static byte[] Handshake(params (ushort Type, byte[] Data)[] extensions)
    {
        var body = new List<byte> { 3, 3 };
        body.AddRange(new byte[32]);             // random
        body.Add(0);                             // session id
        body.AddRange([0, 2, 0x13, 0x01]);       // cipher suites: TLS_AES_128_GCM_SHA256
        body.AddRange([1, 0]);                   // compression: null
        var ext = new List<byte>();
        foreach (var (type, data) in extensions)
        {
            ext.AddRange(U16(type));
            ext.AddRange(U16(data.Length));
            ext.AddRange(data);
        }

        if (extensions.Length > 0)
        {
            body.AddRange(U16(ext.Count));
            body.AddRange(ext);
        }

        return [1, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count, .. body];
    }

    /// <summary>A server_name extension with one host_name entry of these exact bytes.</summary>
    public static (ushort, byte[]) Sni(string name) => Sni(Encoding.UTF8.GetBytes(name));

    public static (ushort, byte[]) Sni(byte[] name)
    {
        byte[] entry = [0, .. U16(name.Length), .. name];
        return (0, [.. U16(entry.Length), .. entry]);
    }

    /// <summary>An ALPN extension offering these protocols.</summary>
    public static (ushort, byte[]) Alpn(params string[] protocols)
    {
        var list = protocols.SelectMany(p => new[] { (byte)p.Length }.Concat(Encoding.ASCII.GetBytes(p))).ToArray();
        return (16, [.. U16(list.Length), .. list]);
    }

    /// <summary>The handshake message in TLS records of at most these fragment sizes (the last size repeats).</summary>
    public static byte[] InRecords(byte[] handshake, params int[] sizes)
    {
        var records = new List<byte>();
        var at = 0;
        for (var i = 0; at < handshake.Length; i++)
        {
            var size = Math.Min(sizes[Math.Min(i, sizes.Length - 1)], handshake.Length - at);
            records.AddRange([22, 3, 1, .. U16(size)]);
            records.AddRange(handshake.AsSpan(at, size).ToArray());
            at += size;
        }

        return [.. records];
    }

    /// <summary>The bytes as a sequence of segments cut at these lengths (the rest in a last segment).</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, IEnumerable<int> lengths)
    {
        var pieces = new List<byte[]>();
        var at = 0;
        foreach (var length in lengths)
        {
            var take = Math.Min(length, bytes.Length - at);
            pieces.Add(bytes[at..(at + take)]);
            at += take;
        }

        pieces.Add(bytes[at..]);
        var first = new Segment(pieces[0], 0);
        var last = first;
        foreach (var piece in pieces.Skip(1))
        {
            last = last.Append(piece);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>Keeps what is written; the first read ends the stream, so a client handshake stops after its ClientHello.</summary>
    private sealed class CaptureStream : Stream
    {
        private readonly MemoryStream _written = new();

        public byte[] Written => _written.ToArray();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => 0;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _written.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _written.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
