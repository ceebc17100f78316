using System.Buffers;
using IngressCore.Fuzz.Support;
using IngressCore.Tls;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// The ClientHello reader on the bytes a connection delivers, cut into pipe segments where the
/// input says. Wherever the cuts fall the answer must be the same; a prefix of the bytes may only
/// be "incomplete" or the same answer (so it never refuses what more bytes would accept); an accepted server name must be a valid lower-case name.
/// </summary>
internal static class ClientHelloTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var cutCount = Math.Min(input[0] % 8, input.Length - 1);
        var cuts = input.Slice(1, cutCount);
        var data = input[(1 + cutCount)..].ToArray();

        var whole = ClientHelloReader.Read(new ReadOnlySequence<byte>(data));
        var split = ClientHelloReader.Read(Segments.Split(data, cuts));
        if (!Same(whole, split))
        {
            throw new FuzzFinding($"one segment: {whole}; cut into segments: {split}");
        }

        foreach (var cut in cuts)
        {
            var prefix = ClientHelloReader.Read(new ReadOnlySequence<byte>(data, 0, Math.Min(cut, data.Length)));
            // A refusal may word a shorter prefix differently (a half header); a parse may not differ.
            if (prefix.Status != ClientHelloStatus.Incomplete &&
                (prefix.Status != whole.Status || (prefix.Status == ClientHelloStatus.Parsed && !Same(prefix, whole))))
            {
                throw new FuzzFinding($"the first {cut} bytes: {prefix}; all {data.Length}: {whole}");
            }
        }

        if (whole.Status == ClientHelloStatus.Parsed)
        {
            if (whole.ServerName is { } name && (name != name.ToLowerInvariant() || !SniServerName.IsValid(name) || name.EndsWith('.')))
            {
                throw new FuzzFinding($"the server name {name} is not a valid lower-case DNS name");
            }

            _ = whole.ApplicationProtocols.Count;
        }
        else if (whole.Status == ClientHelloStatus.Invalid)
        {
            FuzzText.AssertPrintable(whole.Reason, "the refusal reason");
        }
    }

    private static bool Same(ClientHello a, ClientHello b) =>
        a.Status == b.Status && a.ServerName == b.ServerName && a.Reason == b.Reason &&
        a.ApplicationProtocols.SequenceEqual(b.ApplicationProtocols);
}
