using System.Security.Cryptography.X509Certificates;

namespace IngressCore.Tls.Tests;

/// <summary>The generated default certificate is a server leaf: not a CA, signing only, for serverAuth, valid now.</summary>
public sealed class GeneratedDefaultCertificateTests
{
    [Fact]
    public void It_is_a_self_signed_server_leaf_that_is_not_a_CA()
    {
        var certificate = GeneratedDefaultCertificate.Certificate;

        Assert.Equal("CN=IngressCore default certificate", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.True(certificate.HasPrivateKey);

        var constraints = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.False(constraints.CertificateAuthority);
        Assert.False(constraints.HasPathLengthConstraint);
        Assert.True(constraints.Critical);

        var usage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, usage.KeyUsages);
        Assert.True(usage.Critical);

        var extended = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], extended.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.False(extended.Critical);
    }

    [Fact]
    public void It_is_valid_now_and_for_most_of_a_year()
    {
        var certificate = GeneratedDefaultCertificate.Certificate;
        var now = DateTime.UtcNow;

        Assert.True(certificate.NotBefore.ToUniversalTime() <= now);
        Assert.True(certificate.NotAfter.ToUniversalTime() > now.AddDays(300));
    }
}
