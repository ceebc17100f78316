using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static IngressCore.Tls.Tests.Support.ClientHellos;

namespace IngressCore.Tls.Tests;

/// <summary>
/// Properties of the ClientHello reader: however the bytes are cut (pipe segments, TLS records)
/// the answer is the same; a prefix is never more than Incomplete; no input makes it throw.
/// </summary>
public sealed class ClientHelloProperties
{
    private static readonly byte[] Handshake = HandshakeOf(Real.Value);

    /// <summary>Cut lengths for segments and record fragments: mostly small, sometimes large.</summary>
    private static Gen<int[]> Cuts =>
        Gen.Frequency((4, Gen.Choose(1, 16)), (2, Gen.Choose(1, 300)), (1, Gen.Choose(1, 4000))).NonEmptyListOf().Select(l => l.ToArray());

    public static Arbitrary<int[]> CutLengths() => Cuts.ToArbitrary();

    /// <summary>
    /// Record fragment sizes that cut the hello into 1 to <see cref="ClientHelloReader.MaxRecords"/>
    /// records (the last size repeats in <see cref="InRecords"/>, so it covers the rest).
    /// </summary>
    private static Gen<int[]> RecordCuts =>
        from count in Gen.Choose(1, ClientHelloReader.MaxRecords)
        from sizes in Gen.ArrayOf(Gen.Choose(1, Handshake.Length), count - 1)
        select (int[])[.. sizes, Handshake.Length];

    public static Arbitrary<(int[] Records, int[] Segments)> Cutting() =>
        (from records in RecordCuts from segments in Cuts select (records, segments)).ToArbitrary();

    /// <summary>Bytes to read (a hello in records, possibly changed, or random) and where the client's writes cut them.</summary>
    public static Arbitrary<(byte[] Bytes, int[] Reads)> Drips() =>
        (from bytes in Gen.OneOf(
             RecordCuts.Select(cut => InRecords(Handshake, cut)),
             from count in Gen.Choose(9, 40) select InRecords(Handshake, (Handshake.Length + count - 1) / count),
             from cut in RecordCuts
             from at in Gen.Choose(0, 10_000)
             from value in ArbMap.Default.GeneratorFor<byte>()
             let records = InRecords(Handshake, cut)
             select Changed(records, at % records.Length, value),
             ArbMap.Default.GeneratorFor<byte[]>())
         from reads in Cuts
         select (bytes, reads)).ToArbitrary();

    public static Arbitrary<byte[]> Bytes() =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>(),
            // A handshake record header first, so random bytes reach the body parser.
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => (byte[])[22, 3, 1, (byte)(b.Length >> 8), (byte)b.Length, 1, 0, (byte)(b.Length >> 8), (byte)b.Length, .. b]))
        .ToArbitrary();

    public static Arbitrary<(int At, byte Value)[]> Mutations() =>
        (from at in Gen.Choose(0, Real.Value.Length - 1)
         from value in ArbMap.Default.GeneratorFor<byte>()
         select (at, value)).NonEmptyListOf().Select(l => l.ToArray()).ToArbitrary();

    [Property(Arbitrary = [typeof(ClientHelloProperties)])]
    public void Any_split_into_segments_gives_the_same_hello(int[] segments)
    {
        var hello = ClientHelloReader.Read(Segmented(Real.Value, segments));

        AssertSameAsWhole(hello);
    }

    [Property(Arbitrary = [typeof(ClientHelloProperties)])]
    public void Any_fragmentation_into_records_and_segments_gives_the_same_hello((int[] Records, int[] Segments) cut)
    {
        var records = InRecords(Handshake, cut.Records);

        var hello = ClientHelloReader.Read(Segmented(records, cut.Segments));

        AssertSameAsWhole(hello);
    }

    [Property(Arbitrary = [typeof(ClientHelloProperties)])]
    public void Any_prefix_of_a_fragmented_hello_is_incomplete((int[] Records, int[] Segments) cut)
    {
        var records = InRecords(Handshake, cut.Records);
        var length = cut.Segments[0] % records.Length;

        var hello = ClientHelloReader.Read(Segmented(records[..length], cut.Segments));

        Assert.Equal(ClientHelloStatus.Incomplete, hello.Status);
    }

    [Property(Arbitrary = [typeof(ClientHelloProperties)], MaxTest = 500)]
    public void Random_bytes_never_throw(byte[] bytes)
    {
        var hello = ClientHelloReader.Read(new ReadOnlySequence<byte>(bytes));

        Assert.True(hello.Status != ClientHelloStatus.Invalid || hello.Reason is not null);
        _ = hello.ApplicationProtocols;
    }

    [Property(Arbitrary = [typeof(ClientHelloProperties)], MaxTest = 500)]
    public void A_real_hello_with_bytes_changed_never_throws((int At, byte Value)[] mutations)
    {
        var bytes = (byte[])Real.Value.Clone();
        foreach (var (at, value) in mutations)
        {
            bytes[at] = value;
        }

        var hello = ClientHelloReader.Read(Segmented(bytes, [mutations[0].At]));

        // Whatever it says, a name it gives is one a host index could hold.
        Assert.True(hello.ServerName is null || SniServerName.IsValid(hello.ServerName));
        _ = hello.ApplicationProtocols;
    }

    [Property(Arbitrary = [typeof(ClientHelloProperties)], MaxTest = 300)]
    public void Resumed_reading_gives_what_one_shot_reading_gives_for_any_split((byte[] Bytes, int[] Reads) drip)
    {
        using var reader = new ClientHelloReader();
        var length = 0;
        foreach (var read in drip.Reads.Append(drip.Bytes.Length))
        {
            length = Math.Min(drip.Bytes.Length, length + read);
            // What the pipe hands over: every byte from the first, in the pieces the client wrote.
            var received = Segmented(drip.Bytes[..length], drip.Reads);

            var resumed = reader.ReadMore(received);

            var whole = ClientHelloReader.Read(new ReadOnlySequence<byte>(drip.Bytes[..length]));
            Assert.Equal(Describe(whole), Describe(resumed));
        }
    }

    [Property(Arbitrary = [typeof(ClientHelloProperties)])]
    public void A_hello_in_more_than_eight_records_is_refused(int[] segments)
    {
        var records = InRecords(Handshake, Math.Max(1, Handshake.Length / 9));

        var hello = ClientHelloReader.Read(Segmented(records, segments));

        Assert.Equal(ClientHelloStatus.Invalid, hello.Status);
        Assert.Equal("the ClientHello spans more than 8 records", hello.Reason);
    }

    private static string Describe(ClientHello hello) =>
        $"{hello.Status} {hello.ServerName} {hello.Reason} {string.Join(",", hello.ApplicationProtocols)}";

    private static byte[] Changed(byte[] bytes, int at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }

    private static void AssertSameAsWhole(ClientHello hello)
    {
        Assert.Equal(ClientHelloStatus.Parsed, hello.Status);
        Assert.Equal("pass.example.com", hello.ServerName);
        Assert.Equal(
            [System.Net.Security.SslApplicationProtocol.Http2, System.Net.Security.SslApplicationProtocol.Http11],
            hello.ApplicationProtocols);
    }
}
