using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace IngressCore.Tls;

/// <summary>How a <see cref="SniCertificateStore"/> is built: the default certificate and the ALPN protocols.</summary>
public sealed record SniCertificateStoreOptions
{
    /// <summary>
    /// The certificate (with its private key) served to clients that send no server name, an
    /// invalid one, or one no Secret covers. When neither this nor
    /// <see cref="DefaultCertificateSecret"/> gives one, a self-signed
    /// <c>CN=IngressCore default certificate</c> is generated once per process, as ingress-nginx
    /// serves its fake certificate.
    /// </summary>
    public X509Certificate2? DefaultCertificate { get; init; }

    /// <summary>
    /// A <c>kubernetes.io/tls</c> Secret, as <c>namespace/name</c>, among the Secrets given to
    /// <see cref="SniCertificateStore.Build"/>, to serve as the default certificate (ingress-nginx's
    /// <c>--default-ssl-certificate</c>). It takes precedence over <see cref="DefaultCertificate"/>;
    /// when it is missing or unusable a diagnostic says why and the next default applies.
    /// </summary>
    public string? DefaultCertificateSecret { get; init; }

    /// <summary>
    /// Whether names no Secret covers (and clients without SNI) get the default certificate
    /// (<see langword="true"/>, ingress-nginx's behaviour), or fail the handshake as Kestrel's own
    /// SNI configuration does without a <c>*</c> entry (<see langword="false"/>).
    /// </summary>
    public bool ServeDefaultCertificate { get; init; } = true;

    /// <summary>The ALPN protocols offered, in order of preference: HTTP/2, then HTTP/1.1.</summary>
    public IReadOnlyList<SslApplicationProtocol> ApplicationProtocols { get; init; } =
        [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
}
