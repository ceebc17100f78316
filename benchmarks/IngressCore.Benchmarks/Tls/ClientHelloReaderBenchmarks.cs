using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using IngressCore.Tls;

namespace IngressCore.Benchmarks.Tls;

/// <summary>
/// <see cref="ClientHelloReader.Read"/>, the look at every connection's first bytes when a host is
/// passed through: a real SslStream ClientHello (captured over loopback) in one segment, the same
/// hello fragmented into three TLS records over five pipe segments, and its first half (Incomplete,
/// what a read that must wait costs). Then a hello dripped one byte per read, as a slow or hostile
/// client sends it: every read either reads all bytes received so far again (<c>ReadWhole</c>,
/// quadratic in the hello's size) or resumes with one <see cref="ClientHelloReader"/> per
/// connection (<c>Resumed</c>, linear); for the real hello and for one of 16 KiB, the most a
/// hello may be. Every answer is checked in GlobalSetup.
/// </summary>
[MemoryDiagnoser]
public class ClientHelloReaderBenchmarks
{
    private ReadOnlySequence<byte> _whole;
    private ReadOnlySequence<byte> _fragmented;
    private ReadOnlySequence<byte> _half;
    private byte[] _real = [];
    private byte[] _large = [];

    /// <summary>Captures a hello and cuts it up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var hello = CaptureAsync().GetAwaiter().GetResult();
        _whole = new ReadOnlySequence<byte>(hello);
        _half = new ReadOnlySequence<byte>(hello.AsMemory(0, hello.Length / 2));

        var handshake = hello.AsSpan(5);
        var third = handshake.Length / 3;
        byte[] records =
        [
            .. Record(handshake[..third]), .. Record(handshake[third..(2 * third)]), .. Record(handshake[(2 * third)..]),
        ];
        _fragmented = Piece.Sequence(records, 5);

        _real = hello;
        _large = Padded(ClientHelloReader.MaxHandshakeLength);

        Expect(ClientHelloReader.Read(_whole), ClientHelloStatus.Parsed);
        Expect(ClientHelloReader.Read(_fragmented), ClientHelloStatus.Parsed);
        Expect(ClientHelloReader.Read(_half), ClientHelloStatus.Incomplete);
        foreach (var bytes in (byte[][])[_real, _large])
        {
            Expect(DripReadWhole(bytes), ClientHelloStatus.Parsed);
            Expect(DripResumed(bytes), ClientHelloStatus.Parsed);
        }
    }

    /// <summary>One record in one segment: the common case.</summary>
    /// <returns>The server name (the reader's one allocation).</returns>
    [Benchmark(Baseline = true)]
    public string? Read_Whole() => ClientHelloReader.Read(_whole).ServerName;

    /// <summary>Three records over five segments: the reassembly path.</summary>
    /// <returns>The server name.</returns>
    [Benchmark]
    public string? Read_Fragmented() => ClientHelloReader.Read(_fragmented).ServerName;

    /// <summary>Half a hello: Incomplete.</summary>
    /// <returns>The status.</returns>
    [Benchmark]
    public int Read_Incomplete() => (int)ClientHelloReader.Read(_half).Status;

    /// <summary>The real hello, one byte per read, every read reading everything received again.</summary>
    /// <returns>The server name.</returns>
    [Benchmark]
    public string? Drip_Real_ReadWhole() => DripReadWhole(_real).ServerName;

    /// <summary>The real hello, one byte per read, one reader resuming.</summary>
    /// <returns>The server name.</returns>
    [Benchmark]
    public string? Drip_Real_Resumed() => DripResumed(_real).ServerName;

    /// <summary>A 16 KiB hello (two records), one byte per read, every read reading everything again.</summary>
    /// <returns>The server name.</returns>
    [Benchmark]
    public string? Drip_16KiB_ReadWhole() => DripReadWhole(_large).ServerName;

    /// <summary>A 16 KiB hello (two records), one byte per read, one reader resuming.</summary>
    /// <returns>The server name.</returns>
    [Benchmark]
    public string? Drip_16KiB_Resumed() => DripResumed(_large).ServerName;

    /// <summary>Each read sees every byte from the first (the pipe is not consumed) and reads them all.</summary>
    private static ClientHello DripReadWhole(byte[] bytes)
    {
        var hello = ClientHello.Incomplete;
        for (var length = 1; length <= bytes.Length && hello.Status == ClientHelloStatus.Incomplete; length++)
        {
            hello = ClientHelloReader.Read(new ReadOnlySequence<byte>(bytes, 0, length));
        }

        return hello;
    }

    /// <summary>The same reads, one reader resuming where the last one ended.</summary>
    private static ClientHello DripResumed(byte[] bytes)
    {
        using var reader = new ClientHelloReader();
        var hello = ClientHello.Incomplete;
        for (var length = 1; length <= bytes.Length && hello.Status == ClientHelloStatus.Incomplete; length++)
        {
            hello = reader.ReadMore(new ReadOnlySequence<byte>(bytes, 0, length));
        }

        return hello;
    }

    /// <summary>
    /// A ClientHello for pass.example.com whose body is <paramref name="bodyLength"/> bytes, filled by
    /// a padding extension (RFC 7685), in two records (a record holds at most 16 KiB).
    /// </summary>
    private static byte[] Padded(int bodyLength)
    {
        byte[] name = [.. "pass.example.com"u8];
        byte[] sni = [0, 0, .. U16(name.Length + 5), .. U16(name.Length + 3), 0, .. U16(name.Length), .. name];
        byte[] head = [3, 3, .. new byte[32], 0, 0, 2, 0x13, 0x01, 1, 0];
        var padding = bodyLength - head.Length - 2 - sni.Length - 4;
        byte[] extensions = [.. sni, 0, 21, .. U16(padding), .. new byte[padding]];
        byte[] body = [.. head, .. U16(extensions.Length), .. extensions];
        byte[] handshake = [1, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];
        var first = handshake.AsSpan(0, 16 * 1024);
        return [.. Record(first), .. Record(handshake.AsSpan(first.Length))];
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    private static void Expect(ClientHello hello, ClientHelloStatus status)
    {
        if (hello.Status != status || (status == ClientHelloStatus.Parsed && hello.ServerName != "pass.example.com"))
        {
            throw new InvalidOperationException($"expected {status} for pass.example.com, got {hello}");
        }
    }

    private static byte[] Record(ReadOnlySpan<byte> fragment) =>
        [22, 3, 1, (byte)(fragment.Length >> 8), (byte)fragment.Length, .. fragment];

    /// <summary>What an SslStream client sends first, read on the server side of a loopback connection.</summary>
    private static async Task<byte[]> CaptureAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, timeout.Token);
        using var server = await listener.AcceptTcpClientAsync(timeout.Token);
        var ssl = new SslStream(client.GetStream());
        var handshake = ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "pass.example.com",
                ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            },
            timeout.Token);

        var received = new List<byte>();
        var buffer = new byte[4096];
        while (ClientHelloReader.Read(new ReadOnlySequence<byte>([.. received])).Status == ClientHelloStatus.Incomplete)
        {
            var read = await server.GetStream().ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new InvalidOperationException("the client closed before its ClientHello ended");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        // No ServerHello follows: closing fails the client's handshake, which is expected.
        server.Close();
        await Task.WhenAny(handshake);
        await ssl.DisposeAsync();
        return [.. received];
    }

    /// <summary>One piece of a multi-segment sequence, as a pipe hands out bytes from several reads.</summary>
    private sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        private Piece(ReadOnlyMemory<byte> memory, long runningIndex, Piece? next)
        {
            Memory = memory;
            RunningIndex = runningIndex;
            Next = next;
        }

        /// <summary>The bytes cut into <paramref name="count"/> segments of about equal length.</summary>
        public static ReadOnlySequence<byte> Sequence(byte[] bytes, int count)
        {
            var size = (bytes.Length + count - 1) / count;
            Piece? head = null, tail = null;
            // Built back to front, so each piece can name the next one.
            for (var start = (count - 1) * size; start >= 0; start -= size)
            {
                var piece = new Piece(bytes.AsMemory(start, Math.Min(size, bytes.Length - start)), start, head);
                tail ??= piece;
                head = piece;
            }

            return new ReadOnlySequence<byte>(head!, 0, tail!, tail!.Memory.Length);
        }
    }
}
