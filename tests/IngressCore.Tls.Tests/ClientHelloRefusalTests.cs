using System.Buffers;
using static IngressCore.Tls.Tests.Support.ClientHellos;

namespace IngressCore.Tls.Tests;

/// <summary>
/// Each strictness check of the ClientHello reader, asserted by its exact reason, so a hello is
/// refused by the check that should refuse it and not by a later one that happens to trip.
/// </summary>
public sealed class ClientHelloRefusalTests
{
    private static readonly byte[] Random32 = new byte[32];

    private static ClientHello Read(byte[] bytes) => ClientHelloReader.Read(new ReadOnlySequence<byte>(bytes));

    /// <summary>The handshake message (type 1, 24-bit length) around this body, in one TLS 1.0 record.</summary>
    private static byte[] Hello(params byte[] body) =>
        InRecords([1, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body], 16384);

    /// <summary>A body that is well formed up to and including the compression methods.</summary>
    private static byte[] Prefix => [3, 3, .. Random32, 0, 0, 2, 0x13, 0x01, 1, 0];

    private static void AssertRefused(string reason, byte[] bytes)
    {
        var hello = Read(bytes);
        Assert.Equal(ClientHelloStatus.Invalid, hello.Status);
        Assert.Equal(reason, hello.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_record_version_of_3_1_to_3_3_is_read(byte minor)
    {
        var bytes = InRecords(Handshake(Sni("ok.example.com")), 16384);
        bytes[2] = minor;

        var hello = Read(bytes);

        Assert.Equal(ClientHelloStatus.Parsed, hello.Status);
        Assert.Equal("ok.example.com", hello.ServerName);
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(3, 4)]
    [InlineData(2, 1)]
    [InlineData(4, 1)]
    public void A_whole_record_header_of_another_version_is_refused(byte major, byte minor)
    {
        var bytes = InRecords(Handshake(Sni("ok.example.com")), 16384);
        bytes[1] = major;
        bytes[2] = minor;

        AssertRefused($"record version {major}.{minor} (3.1-3.3 expected)", bytes);
    }

    [Fact]
    public void A_handshake_length_over_64_KiB_is_refused_by_its_full_24_bit_value()
    {
        // 0x010010 = 65552: the high byte matters; without it the length would read as 16.
        AssertRefused("a ClientHello of 65552 bytes (at most 16384)", [22, 3, 1, 0, 4, 1, 0x01, 0x00, 0x10]);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(4, 3)]
    [InlineData(0, 3)]
    public void A_legacy_version_that_is_not_3_x_is_refused(byte major, byte minor)
    {
        AssertRefused("legacy_version is not 3.x", Hello([major, minor, .. Prefix[2..]]));
    }

    [Fact]
    public void A_legacy_version_cut_short_is_refused()
    {
        AssertRefused("legacy_version is not 3.x", Hello(3));
    }

    [Fact]
    public void A_random_cut_short_is_refused()
    {
        AssertRefused("random is cut short", Hello(3, 3, 0, 0, 0));
        AssertRefused("random is cut short", Hello([3, 3, .. new byte[31]]));
    }

    [Fact]
    public void A_session_id_of_32_bytes_is_read_and_one_of_33_or_one_cut_short_is_refused()
    {
        byte[] rest = [0, 2, 0x13, 0x01, 1, 0];

        Assert.Equal(ClientHelloStatus.Parsed, Read(Hello([3, 3, .. Random32, 32, .. new byte[32], .. rest])).Status);
        AssertRefused("bad legacy_session_id", Hello([3, 3, .. Random32, 33, .. new byte[33], .. rest]));
        AssertRefused("bad legacy_session_id", Hello([3, 3, .. Random32]));
        AssertRefused("bad legacy_session_id", Hello([3, 3, .. Random32, 5, 1, 2]));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 })]
    [InlineData(new byte[] { 0, 3, 0x13, 0x01, 0x13 })]
    [InlineData(new byte[] { 0, 1, 0x13 })]
    [InlineData(new byte[] { 0, 6, 0x13, 0x01 })]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[0])]
    public void Empty_odd_length_or_cut_short_cipher_suites_are_refused(byte[] suites)
    {
        AssertRefused("bad cipher_suites", Hello([3, 3, .. Random32, 0, .. suites, 1, 0]));
    }

    [Theory]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 2, 0 })]
    [InlineData(new byte[0])]
    public void Empty_or_cut_short_compression_methods_are_refused(byte[] compression)
    {
        AssertRefused("bad legacy_compression_methods", Hello([3, 3, .. Random32, 0, 0, 2, 0x13, 0x01, .. compression]));
    }

    [Theory]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0, 5, 0, 21, 0, 0 })]
    [InlineData(new byte[] { 0, 4, 0, 21, 0, 0, 9 })]
    public void Extensions_that_do_not_fill_the_hello_are_refused(byte[] extensions)
    {
        AssertRefused("the extensions do not fill the ClientHello", Hello([.. Prefix, .. extensions]));
    }

    [Theory]
    [InlineData(new byte[] { 0, 1, 0 })]
    [InlineData(new byte[] { 0, 3, 0, 21, 0 })]
    [InlineData(new byte[] { 0, 5, 0, 21, 0, 2, 0 })]
    [InlineData(new byte[] { 0, 8, 0, 21, 0, 0, 0, 16, 0, 9 })]
    public void An_extension_cut_short_is_refused(byte[] extensions)
    {
        AssertRefused("an extension is cut short", Hello([.. Prefix, .. extensions]));
    }

    [Fact]
    public void Two_server_name_extensions_and_a_bad_one_are_refused_each_with_its_reason()
    {
        AssertRefused("two server_name extensions", InRecords(Handshake(Sni("a.com"), Sni("b.com")), 16384));
        AssertRefused("bad server_name extension", InRecords(Handshake((0, [0, 0])), 16384));
        AssertRefused("bad server_name extension", InRecords(Handshake((0, [])), 16384));
        AssertRefused("bad server_name extension", InRecords(Handshake((0, [0, 4, 0, 0, 1, (byte)'a', 9])), 16384));
        AssertRefused("bad server_name extension", InRecords(Handshake((0, [0, 20, 0, 0, 1, (byte)'a'])), 16384));
        AssertRefused("bad server_name extension", InRecords(Handshake((0, [0, 5, 0, 0, 1, (byte)'a', 0])), 16384));
        AssertRefused("bad server_name extension", InRecords(Handshake(Sni([])), 16384));
    }

    [Fact]
    public void Two_ALPN_extensions_and_a_bad_one_are_refused_each_with_its_reason()
    {
        AssertRefused("two ALPN extensions", InRecords(Handshake(Alpn("h2"), Alpn("h2")), 16384));
        AssertRefused("bad ALPN extension", InRecords(Handshake((16, [0, 0])), 16384));
        AssertRefused("bad ALPN extension", InRecords(Handshake((16, [0, 1, 0])), 16384));
        AssertRefused("bad ALPN extension", InRecords(Handshake((16, [0, 3, 2, (byte)'h', (byte)'2', 0])), 16384));
        AssertRefused("bad ALPN extension", InRecords(Handshake((16, [0, 9, 2, (byte)'h', (byte)'2'])), 16384));
        AssertRefused("bad ALPN extension", InRecords(Handshake((16, [0, 3, 5, (byte)'h', (byte)'2'])), 16384));
    }

    [Fact]
    public void A_server_name_of_the_maximum_length_is_kept_and_one_longer_counts_as_no_name()
    {
        var label = new string('a', 63);
        var longest = $"{label}.{label}.{label}.{new string('b', 61)}";
        Assert.Equal(SniServerName.MaxLength, longest.Length);

        Assert.Equal(longest, Read(InRecords(Handshake(Sni(longest)), 16384)).ServerName);
        Assert.Equal(longest, Read(InRecords(Handshake(Sni(longest + ".")), 16384)).ServerName);

        var over = Read(InRecords(Handshake(Sni(longest + "b")), 16384));
        Assert.Equal(ClientHelloStatus.Parsed, over.Status);
        Assert.Null(over.ServerName);
        var overWithDot = Read(InRecords(Handshake(Sni(longest + "b.")), 16384));
        Assert.Equal(ClientHelloStatus.Parsed, overWithDot.Status);
        Assert.Null(overWithDot.ServerName);
    }
}
