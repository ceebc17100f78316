using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Model;

namespace IngressCore.Tls;

/// <summary>A usable <c>kubernetes.io/tls</c> Secret: its leaf certificate with the private key, its chain context and names.</summary>
internal sealed class LoadedSecret
{
    public LoadedSecret(TlsSecret secret, X509Certificate2 certificate, SslStreamCertificateContext context, CertificateNames names)
    {
        Secret = secret;
        Certificate = certificate;
        Context = context;
        Names = names;
    }

    public TlsSecret Secret { get; }

    /// <summary>The leaf certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The leaf and the intermediates from <c>tls.crt</c>, built once, sent in every handshake.</summary>
    public SslStreamCertificateContext Context { get; }

    public CertificateNames Names { get; }

    /// <summary>The store entry serving this Secret, once one is made (at most one per snapshot).</summary>
    public int EntryIndex { get; set; } = -1;
}
