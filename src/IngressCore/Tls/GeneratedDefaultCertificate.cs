using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IngressCore.Tls;

/// <summary>
/// The certificate served when nothing else applies and no default is configured: a self-signed
/// <c>CN=IngressCore default certificate</c>, made once per process, as ingress-nginx makes its
/// "Kubernetes Ingress Controller Fake Certificate". No client trusts it; it only lets the
/// handshake finish, so a request for an unknown host can still get an answer (and the user sees
/// at a glance which certificate they got).
/// </summary>
internal static class GeneratedDefaultCertificate
{
    public const string SubjectName = "CN=IngressCore default certificate";

    private static readonly Lazy<(X509Certificate2 Certificate, SslStreamCertificateContext Context)> Instance =
        new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static X509Certificate2 Certificate => Instance.Value.Certificate;

    public static SslStreamCertificateContext Context => Instance.Value.Context;

    private static (X509Certificate2, SslStreamCertificateContext) Create()
    {
        // P-256: generated in well under a millisecond, and every TLS client supports it.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(SubjectName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use an ephemeral key; a PKCS#12 round trip gives it a stored one.
            using var ephemeral = certificate;
            certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        return (certificate, SslStreamCertificateContext.Create(certificate, null, offline: true));
    }
}
