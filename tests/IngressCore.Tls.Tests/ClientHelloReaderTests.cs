using System.Buffers;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using static IngressCore.Tls.Tests.Support.ClientHellos;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>The ClientHello reader on real SslStream hellos and hand-built edge cases.</summary>
public sealed class ClientHelloReaderTests
{
    private static ClientHello Read(byte[] bytes) => ClientHelloReader.Read(new ReadOnlySequence<byte>(bytes));

    private static string[] Protocols(ClientHello hello) =>
        [.. hello.ApplicationProtocols.Select(p => Encoding.ASCII.GetString(p.Protocol.Span))];

    [Fact]
    public void A_real_SslStream_hello_gives_its_server_name_and_protocols()
    {
        var hello = Read(Real.Value);

        Assert.Equal(ClientHelloStatus.Parsed, hello.Status);
        Assert.Equal("pass.example.com", hello.ServerName);
        Assert.Equal(["h2", "http/1.1"], Protocols(hello));
    }

    [Fact]
    public async Task A_TLS_1_2_only_hello_without_ALPN_is_read_too()
    {
#pragma warning disable SYSLIB0039 // TLS 1.2 alone: the older hello layout (no supported_versions), on purpose.
        var bytes = await CaptureAsync("legacy.example.com", protocols: SslProtocols.Tls12);
#pragma warning restore SYSLIB0039

        var hello = Read(bytes);

        Assert.Equal(ClientHelloStatus.Parsed, hello.Status);
        Assert.Equal("legacy.example.com", hello.ServerName);
        Assert.Empty(hello.ApplicationProtocols);
    }

    [Fact]
    public async Task A_client_connecting_by_IP_address_sends_no_server_name()
    {
        var hello = Read(await CaptureAsync("127.0.0.1"));

        Assert.Equal(ClientHelloStatus.Parsed, hello.Status);
        Assert.Null(hello.ServerName);
    }

    [Theory]
    [InlineData("PASS.Example.COM.", "pass.example.com")]
    [InlineData("a_b.example.com", "a_b.example.com")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    public void The_name_is_lower_cased_without_a_trailing_dot(string sent, string expected)
    {
        var hello = Read(InRecords(Handshake(Sni(sent)), 16384));

        Assert.Equal(ClientHelloStatus.Parsed, hello.Status);
        Assert.Equal(expected, hello.ServerName);
    }

    [Theory]
    [InlineData("192.168.1.10")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("a..example.com")]
    [InlineData(".example.com")]
    [InlineData("example.com..")]
    [InlineData("*.example.com")]
    [InlineData("host:443")]
    [InlineData("a b.example.com")]
    [InlineData("bücher.example")]
    [InlineData("evil.example.com\0.good.example.com")]
    public void A_name_that_is_not_a_DNS_name_counts_as_no_name(string sent)
    {
        var hello = Read(InRecords(Handshake(Sni(sent)), 16384));

        Assert.Equal(ClientHelloStatus.Parsed, hello.Status);
        Assert.Null(hello.ServerName);
    }

    [Fact]
    public void Names_over_253_characters_or_labels_over_63_count_as_no_name()
    {
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".com"; // 259
        var longLabel = new string('a', 64) + ".example.com";

        Assert.Null(Read(InRecords(Handshake(Sni(longName)), 16384)).ServerName);
        Assert.Null(Read(InRecords(Handshake(Sni(longLabel)), 16384)).ServerName);
    }

    [Fact]
    public void A_hello_without_extensions_has_no_name_and_no_protocols()
    {
        var hello = Read(InRecords(Handshake(), 16384));

        Assert.Equal(ClientHelloStatus.Parsed, hello.Status);
        Assert.Null(hello.ServerName);
        Assert.Empty(hello.ApplicationProtocols);
    }

    [Fact]
    public void Only_the_first_host_name_counts_and_other_name_types_are_skipped()
    {
        byte[] list = [7, 0, 3, (byte)'x', (byte)'y', (byte)'z', 0, 0, 5, .. "a.com"u8, 0, 0, 5, .. "b.com"u8];
        var hello = Read(InRecords(Handshake((0, [0, (byte)list.Length, .. list])), 16384));

        Assert.Equal(ClientHelloStatus.Parsed, hello.Status);
        Assert.Equal("a.com", hello.ServerName);
    }

    [Fact]
    public void The_hello_is_reassembled_from_eight_records()
    {
        var handshake = HandshakeOf(Real.Value);
        var hello = Read(InRecords(handshake, (handshake.Length + 7) / 8));

        Assert.Equal("pass.example.com", hello.ServerName);
        Assert.Equal(["h2", "http/1.1"], Protocols(hello));
    }

    [Fact]
    public void A_hello_in_one_byte_records_is_refused_at_the_ninth_record()
    {
        var records = InRecords(HandshakeOf(Real.Value), 1);
        var ninthHeaderEnd = (8 * 6) + 5;

        // Eight records and the header of a ninth: refused there, before any more is read.
        Assert.Equal(ClientHelloStatus.Incomplete, Read(records[..(ninthHeaderEnd - 1)]).Status);
        var hello = Read(records[..ninthHeaderEnd]);
        Assert.Equal(ClientHelloStatus.Invalid, hello.Status);
        Assert.Equal("the ClientHello spans more than 8 records", hello.Reason);
        Assert.Equal(hello.Reason, Read(records).Reason);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Many_small_records_are_refused_whatever_their_size(int size)
    {
        // Nine records of the padded hello's bytes: each a valid fragment, one record too many.
        var handshake = Padded(Math.Max(9 * size, 200));

        var hello = Read(InRecords(handshake, size));

        Assert.Equal(ClientHelloStatus.Invalid, hello.Status);
        Assert.Equal("the ClientHello spans more than 8 records", hello.Reason);
    }

    [Fact]
    public void A_hello_read_one_byte_at_a_time_by_one_reader_gives_every_answer_read_whole_does()
    {
        var bytes = InRecords(HandshakeOf(Real.Value), 100);
        using var reader = new ClientHelloReader();
        for (var length = 0; length <= bytes.Length; length++)
        {
            var resumed = reader.ReadMore(new ReadOnlySequence<byte>(bytes, 0, length));
            var whole = Read(bytes[..length]);
            Assert.Equal((whole.Status, whole.ServerName, whole.Reason), (resumed.Status, resumed.ServerName, resumed.Reason));
        }

        Assert.Equal("pass.example.com", reader.ReadMore(new ReadOnlySequence<byte>(bytes)).ServerName);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'G' }, "not a TLS handshake")]
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ', (byte)'/' }, "not a TLS handshake")]
    [InlineData(new byte[] { 0x80, 0x2e, 0x01, 0x00, 0x02 }, "SSLv2")]
    [InlineData(new byte[] { 23, 3, 3, 0, 5 }, "not a TLS handshake")]
    [InlineData(new byte[] { 22, 2 }, "record version")]
    [InlineData(new byte[] { 22, 3, 0 }, "record version")]
    [InlineData(new byte[] { 22, 3, 4 }, "record version")]
    [InlineData(new byte[] { 22, 3, 1, 0, 0 }, "0 bytes")]
    [InlineData(new byte[] { 22, 3, 1, 0x40, 0x01 }, "16385 bytes")]
    [InlineData(new byte[] { 22, 3, 1, 0, 4, 2, 0, 0, 0 }, "not a ClientHello")]
    [InlineData(new byte[] { 22, 3, 1, 0, 4, 1, 0, 0x40, 0x01 }, "at most 16384")]
    [InlineData(new byte[] { 22, 3, 1, 0, 4, 1, 0xff, 0xff, 0xff }, "at most 16384")]
    public void Bytes_that_rule_out_a_hello_are_refused_at_once(byte[] bytes, string reason)
    {
        var hello = Read(bytes);

        Assert.Equal(ClientHelloStatus.Invalid, hello.Status);
        Assert.Contains(reason, hello.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_record_type_inside_a_fragmented_hello_is_refused()
    {
        var handshake = HandshakeOf(Real.Value);
        byte[] bytes = [22, 3, 1, 0, 10, .. handshake[..10], 23, 3, 3, 0, 1, 0];

        var hello = Read(bytes);

        Assert.Equal(ClientHelloStatus.Invalid, hello.Status);
        Assert.Contains("inside a fragmented ClientHello", hello.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_of_16_KiB_is_read_and_one_byte_more_is_refused()
    {
        var fits = Padded(16 * 1024);
        var over = Padded((16 * 1024) + 1);

        Assert.Equal(16 * 1024, fits.Length - 4);
        Assert.Equal("big.example.com", Read(InRecords(fits, 16384)).ServerName);
        Assert.Equal(ClientHelloStatus.Invalid, Read(InRecords(over, 16384)).Status);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void Every_length_is_checked(string what, byte[] handshake)
    {
        var hello = Read(InRecords(handshake, 16384));

        Assert.True(hello.Status == ClientHelloStatus.Invalid, what);
    }

    public static TheoryData<string, byte[]> BadBodies()
    {
        var good = Handshake(Sni("a.example.com"), Alpn("h2"));
        var data = new TheoryData<string, byte[]>
        {
            { "empty body", [1, 0, 0, 0] },
            { "legacy_version 2.0", Patch(good, 4, 2) },
            { "session id of 33 bytes", Patch(good, 4 + 2 + 32, 33) },
            { "odd cipher suite length", Patch(good, 4 + 2 + 32 + 1 + 1, 3) },
            { "no compression method", Patch(good, 4 + 2 + 32 + 1 + 2 + 2, 0) },
            { "extensions longer than the body", Patch(good, 4 + 2 + 32 + 1 + 2 + 2 + 2 + 1, 0xff) },
            { "trailing byte after the extensions", Grow(good, 0) },
            { "empty host_name", Handshake(Sni([])) },
            { "two server_name extensions", Handshake(Sni("a.com"), Sni("b.com")) },
            { "two ALPN extensions", Handshake(Alpn("h2"), Alpn("h2")) },
            { "an empty ALPN protocol", Handshake((16, [0, 1, 0])) },
            { "an ALPN list longer than its extension", Handshake((16, [0, 9, 2, (byte)'h', (byte)'2'])) },
            { "an empty ALPN list", Handshake((16, [0, 0])) },
            { "a server_name list longer than its extension", Handshake((0, [0, 20, 0, 0, 1, (byte)'a'])) },
            { "bytes after the server_name list", Handshake((0, [0, 4, 0, 0, 1, (byte)'a', 9])) },
            { "an extension cut short", Grow(Handshake(), 0, 3, 0, 0, 0) },
        };
        return data;
    }

    [Fact]
    public void Nothing_is_incomplete_and_a_hello_split_before_its_end_is_incomplete()
    {
        Assert.Equal(ClientHelloStatus.Incomplete, ClientHelloReader.Read(ReadOnlySequence<byte>.Empty).Status);
        var bytes = Real.Value;
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(ClientHelloStatus.Incomplete, Read(bytes[..length]).Status);
        }
    }

    /// <summary>A hello for big.example.com whose body is exactly <paramref name="bodyLength"/> bytes, filled by a padding extension (21).</summary>
    private static byte[] Padded(int bodyLength)
    {
        var plain = Handshake(Sni("big.example.com"), (21, []));
        var padding = bodyLength - (plain.Length - 4);
        return Handshake(Sni("big.example.com"), (21, new byte[padding]));
    }

    private static byte[] Patch(byte[] handshake, int at, byte value)
    {
        var copy = (byte[])handshake.Clone();
        copy[at] = value;
        return copy;
    }

    /// <summary>Appends bytes to the body and fixes the handshake length, so only the inner lengths disagree.</summary>
    private static byte[] Grow(byte[] handshake, params byte[] extra)
    {
        byte[] grown = [.. handshake, .. extra];
        var body = grown.Length - 4;
        grown[1] = (byte)(body >> 16);
        grown[2] = (byte)(body >> 8);
        grown[3] = (byte)body;
        return grown;
    }
}
