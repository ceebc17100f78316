using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Model;

namespace IngressCore.Tls;

/// <summary>
/// A usable <c>kubernetes.io/tls</c> Secret: its leaf certificate with the private key, its chain
/// context and names. Immutable, so a later snapshot can reuse it when the Secret's PEM text is
/// unchanged (building the chain context is the expensive part of a build).
/// </summary>
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

    /// <summary>Whether <paramref name="secret"/> holds exactly the PEM text this was loaded from.</summary>
    public bool SameContent(TlsSecret secret) =>
        string.Equals(Secret.CertificatePem, secret.CertificatePem, StringComparison.Ordinal) &&
        string.Equals(Secret.PrivateKeyPem, secret.PrivateKeyPem, StringComparison.Ordinal);

    /// <summary>The same certificate for another copy of the Secret (its source location may differ).</summary>
    public LoadedSecret For(TlsSecret secret) => ReferenceEquals(secret, Secret) ? this : new(secret, Certificate, Context, Names);
}
