using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IngressCore.Faults.Tests.Support;

/// <summary>A CA made in-process, and leaf certificates for one host signed by it, each new one different.</summary>
internal sealed class TestAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestAuthority()
    {
        var request = new CertificateRequest("CN=IngressCore fault suite CA", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The CA's certificate (public part), the only root clients trust.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new leaf for <paramref name="host"/>: its PEM, its key's PEM, and its thumbprint.</summary>
    public (string CertificatePem, string KeyPem, string Thumbprint) Issue(string host, int serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host} #{serial}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var leaf = request.Create(
            Certificate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), BitConverter.GetBytes(serial + 1_000_000));
        return (leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), leaf.Thumbprint);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
