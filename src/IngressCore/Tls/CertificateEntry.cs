using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace IngressCore.Tls;

/// <summary>
/// One certificate a snapshot serves, with what a handshake needs prepared in advance: the chain
/// context and the <see cref="SslServerAuthenticationOptions"/> instance every connection that
/// selects it gets (the same instance each time, as Kestrel's SniOptionsSelector caches it).
/// </summary>
internal sealed class CertificateEntry
{
    public CertificateEntry(
        X509Certificate2 certificate,
        SslStreamCertificateContext context,
        List<SslApplicationProtocol> applicationProtocols,
        string? secret)
    {
        Certificate = certificate;
        Secret = secret;
        Options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = context,
            // Never null: Kestrel fills in ALPN itself when it is, which would mutate this shared instance.
            ApplicationProtocols = applicationProtocols,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The Secret as <c>namespace/name</c>, or <see langword="null"/> for the default certificate.</summary>
    public string? Secret { get; }

    public SslServerAuthenticationOptions Options { get; }
}
