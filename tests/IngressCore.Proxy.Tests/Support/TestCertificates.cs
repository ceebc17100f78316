using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Model;

namespace IngressCore.Proxy.Tests.Support;

/// <summary>Self-signed certificates as <c>kubernetes.io/tls</c> Secrets, made in-process.</summary>
internal static class TestCertificates
{
    public static TlsSecret Secret(string ns, string name, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in dnsNames)
        {
            names.AddDnsName(dnsName);
        }

        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return new TlsSecret
        {
            Namespace = ns,
            Name = name,
            CertificatePem = certificate.ExportCertificatePem(),
            PrivateKeyPem = key.ExportPkcs8PrivateKeyPem(),
        };
    }
}
