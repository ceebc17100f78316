using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace IngressCore.Authentication;

/// <summary>
/// The certificates a client sent after its own (its intermediates), kept per TLS stream from the
/// handshake's validation callback: the request-level verification builds the chain with them, as
/// OpenSSL uses the peer's chain as untrusted intermediates. Kestrel gives the request only the
/// client's own certificate.
/// </summary>
internal static class PeerCertificates
{
    private static readonly ConditionalWeakTable<object, X509Certificate2Collection> Sent = [];

    /// <summary>Remembers what the chain SslStream built holds besides the client's certificate.</summary>
    public static void Remember(object stream, X509Certificate? certificate, X509Chain? chain)
    {
        if (chain is null)
        {
            return;
        }

        var sent = new X509Certificate2Collection();
        foreach (var extra in chain.ChainPolicy.ExtraStore)
        {
            sent.Add(X509CertificateLoader.LoadCertificate(extra.RawData));
        }

        foreach (var element in chain.ChainElements)
        {
            if (certificate is null || !element.Certificate.RawData.AsSpan().SequenceEqual(certificate.GetRawCertData()))
            {
                sent.Add(X509CertificateLoader.LoadCertificate(element.Certificate.RawData));
            }
        }

        Sent.AddOrUpdate(stream, sent);
    }

    /// <summary>What the client sent besides its certificate on <paramref name="stream"/>; empty when unknown.</summary>
    public static X509Certificate2Collection Of(object? stream) =>
        stream is not null && Sent.TryGetValue(stream, out var sent) ? sent : [];
}
