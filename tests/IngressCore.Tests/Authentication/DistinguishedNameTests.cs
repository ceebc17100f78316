using System.Security.Cryptography.X509Certificates;
using IngressCore.Authentication;

namespace IngressCore.Tests.Authentication;

/// <summary>
/// Subject DNs printed as nginx's <c>$ssl_client_s_dn</c> prints them, checked against
/// <c>openssl x509 -nameopt RFC2253</c> (the same OpenSSL printing nginx uses).
/// </summary>
public sealed class DistinguishedNameTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingresscore-dn-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("/CN=client")]
    [InlineData("/C=DE/ST=Berlin/L=Berlin/O=Example, Org/OU=Team + Ops/CN=client")]
    [InlineData("/CN=a\"b<c>d;e\\\\f")]
    [InlineData("/CN=#leading and trailing /O= spaced")]
    [InlineData("/CN=Zürich ∆")]
    [InlineData("/DC=com/DC=example/UID=alice/emailAddress=alice@example.com/CN=alice")]
    [InlineData("/CN=multi+OU=valued/O=x")]
    public void Names_print_as_openssl_rfc2253_prints_them(string subject)
    {
        var certificate = Path.Combine(_folder, "c.crt");
        Tools.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", Path.Combine(_folder, "c.key"), "-out", certificate, "-subj", subject, "-multivalue-rdn", "-utf8", "-days", "1");
        var expected = Tools.Run("openssl", "x509", "-in", certificate, "-noout", "-subject", "-nameopt", "RFC2253", "-out", Path.Combine(_folder, "subject"));
        expected = File.ReadAllText(Path.Combine(_folder, "subject")).TrimEnd('\n')["subject=".Length..]; // a trailing space is the name's

        using var loaded = X509CertificateLoader.LoadCertificateFromFile(certificate);

        Assert.Equal(expected, DistinguishedName.Format(loaded.SubjectName));
    }
}
