using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// The Secret reader called directly, one Secret per test (no store shared between tests): each
/// bad <c>tls.crt</c> / <c>tls.key</c> is refused with its own exact message and field, what is
/// usable is accepted, and the warnings about a usable certificate appear exactly at their bounds.
/// </summary>
public sealed class TlsSecretReaderTests
{
    private const string Fallback = "; the default certificate is served";

    private static TestPki Pki => TestPki.Shared.Value;

    private static TlsSecret Good(string name = "web", LeafSpec? spec = null) =>
        Pki.Secret("shop", name, spec ?? new LeafSpec([$"{name}.example.com"]));

    private static (LoadedSecret? Loaded, List<IngressDiagnostic> Diagnostics) Read(TlsSecret secret)
    {
        var diagnostics = new List<IngressDiagnostic>();
        return (TlsSecretReader.Read(secret, diagnostics, Fallback), diagnostics);
    }

    private static void AssertRefused(TlsSecret secret, string field, string problem)
    {
        var (loaded, diagnostics) = Read(secret);
        Assert.Null(loaded);
        var error = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticSeverity.Error, "Secret", "shop", secret.Name, field), (error.Severity, error.Kind, error.Namespace, error.Name, error.Field));
        Assert.Equal($"Secret shop/{secret.Name}: {problem}{Fallback}", error.Message);
    }

    [Fact]
    public void A_good_secret_is_loaded_with_its_key_and_names_and_no_diagnostic()
    {
        var secret = Good();
        var (loaded, diagnostics) = Read(secret);

        Assert.Empty(diagnostics);
        Assert.NotNull(loaded);
        Assert.Same(secret, loaded.Secret);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal("CN=web.example.com", loaded.Certificate.Subject);
        Assert.True(loaded.Names.Covers("web.example.com"));
        Assert.False(loaded.Names.Covers("other.example.com"));
    }

    [Fact]
    public void A_tls_crt_that_is_not_PEM_text_is_refused()
    {
        AssertRefused(Good() with { CertificatePem = "MIIBfzCCASWgAwIBAgIU" }, TlsDiagnostics.CertificateField,
            "tls.crt is not PEM text: it holds no '-----BEGIN CERTIFICATE-----' block (was it base64-encoded twice?)");
    }

    [Fact]
    public void A_tls_crt_with_PEM_but_no_certificate_block_is_refused()
    {
        var secret = Good();
        AssertRefused(secret with { CertificatePem = secret.PrivateKeyPem }, TlsDiagnostics.CertificateField,
            "tls.crt holds no PEM CERTIFICATE block ('-----BEGIN CERTIFICATE-----')");
    }

    [Fact]
    public void A_certificate_block_that_is_not_a_certificate_is_refused()
    {
        AssertRefused(Good() with { CertificatePem = "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n" }, TlsDiagnostics.CertificateField,
            "tls.crt is not valid PEM: a CERTIFICATE block does not hold a readable X.509 certificate");
    }

    [Theory]
    [InlineData("2.5.29.17")]
    [InlineData("2.5.29.37")]
    public void A_certificate_with_an_unreadable_extension_is_refused(string oid)
    {
        var secret = Good() with { CertificatePem = Pki.CertificateWithBrokenExtension("web", oid) };

        var (loaded, diagnostics) = Read(secret);

        Assert.Null(loaded);
        var error = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticSeverity.Error, TlsDiagnostics.CertificateField), (error.Severity, error.Field));
        Assert.StartsWith("Secret shop/web: the certificate has an extension that cannot be read (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(")" + Fallback, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_key_is_refused()
    {
        var pem = Pki.LeafKey.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000));
        AssertRefused(Good() with { PrivateKeyPem = pem }, TlsDiagnostics.KeyField,
            "tls.key is an encrypted private key; Kubernetes TLS Secrets hold the key unencrypted");
    }

    [Fact]
    public void A_tls_key_that_is_not_PEM_text_is_refused()
    {
        AssertRefused(Good() with { PrivateKeyPem = Convert.ToBase64String(Pki.LeafKey.ExportPkcs8PrivateKey()) }, TlsDiagnostics.KeyField,
            "tls.key is not PEM text: it holds no '-----BEGIN ... PRIVATE KEY-----' block (was it base64-encoded twice?)");
    }

    [Fact]
    public void A_tls_key_with_PEM_but_no_private_key_block_is_refused()
    {
        var secret = Good();
        AssertRefused(secret with { PrivateKeyPem = secret.CertificatePem }, TlsDiagnostics.KeyField,
            "tls.key holds no PEM private key block ('RSA PRIVATE KEY', 'EC PRIVATE KEY' or 'PRIVATE KEY')");
    }

    [Fact]
    public void A_private_key_block_that_holds_no_readable_key_is_refused()
    {
        var der = Pki.LeafKey.ExportPkcs8PrivateKey();
        byte[] p256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
        var at = der.AsSpan().IndexOf(p256);
        Assert.True(at >= 0, "the leaf key is not on P-256");
        der[at + 3] = 0x82; // a curve nobody knows
        AssertRefused(Good() with { PrivateKeyPem = PemEncoding.WriteString("PRIVATE KEY", der) }, TlsDiagnostics.KeyField,
            "tls.key does not hold a readable RSA or EC private key (PKCS#1, SEC1 or PKCS#8 PEM), or holds more than one");
    }

    [Fact]
    public void A_key_of_the_other_algorithm_is_refused_naming_both_algorithms()
    {
        AssertRefused(Good("ec", new LeafSpec(["ec.example.com"]) { KeyInSecret = Pki.RsaKey }), TlsDiagnostics.KeyField,
            "the private key in tls.key (RSA) does not match the certificate in tls.crt (EC public key)");
        AssertRefused(Good("rsa", new LeafSpec(["rsa.example.com"]) { Rsa = true, KeyInSecret = Pki.LeafKey }), TlsDiagnostics.KeyField,
            "the private key in tls.key (EC) does not match the certificate in tls.crt (RSA public key)");
    }

    [Fact]
    public void A_key_of_another_certificate_is_refused()
    {
        AssertRefused(Good("other", new LeafSpec(["other.example.com"]) { KeyInSecret = Pki.OtherKey }), TlsDiagnostics.KeyField,
            "the private key in tls.key does not match the certificate in tls.crt (certificate and key mismatch)");
    }

    [Fact]
    public void A_chain_whose_key_matches_its_second_certificate_says_so()
    {
        // The intermediate first, then a leaf whose key is in tls.key: the key matches certificate 2.
        var leaf = Good();
        var blocks = leaf.CertificatePem.Split("-----END CERTIFICATE-----", StringSplitOptions.RemoveEmptyEntries)
            .Where(b => b.Contains("BEGIN", StringComparison.Ordinal)).Select(b => b.Trim() + "\n-----END CERTIFICATE-----\n").ToArray();
        Assert.Equal(2, blocks.Length);
        var reversed = leaf with { CertificatePem = blocks[1] + blocks[0] };
        var three = leaf with { CertificatePem = blocks[1] + blocks[1] + blocks[0] };

        AssertRefused(reversed, TlsDiagnostics.KeyField,
            "the private key in tls.key matches certificate 2 of tls.crt, not the first: tls.crt must start with the server (leaf) certificate, followed by its intermediates");
        AssertRefused(three, TlsDiagnostics.KeyField,
            "the private key in tls.key matches certificate 3 of tls.crt, not the first: tls.crt must start with the server (leaf) certificate, followed by its intermediates");
    }

    [Fact]
    public void Validity_warnings_start_one_second_past_each_bound()
    {
        var (loaded, _) = Read(Good());
        Assert.NotNull(loaded);
        var notBefore = new DateTimeOffset(loaded.Certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(loaded.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

        Assert.Empty(Check(loaded, notBefore));
        Assert.Empty(Check(loaded, notAfter));

        var expired = Assert.Single(Check(loaded, notAfter.AddSeconds(1)));
        Assert.Equal((DiagnosticSeverity.Warning, TlsDiagnostics.CertificateField), (expired.Severity, expired.Field));
        Assert.Equal(
            $"Secret shop/web: the certificate expired at {notAfter.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; it is still served, but clients will refuse it",
            expired.Message);

        var early = Assert.Single(Check(loaded, notBefore.AddSeconds(-1)));
        Assert.Equal((DiagnosticSeverity.Warning, TlsDiagnostics.CertificateField), (early.Severity, early.Field));
        Assert.Equal(
            $"Secret shop/web: the certificate is not valid before {notBefore.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; it is served, but clients will refuse it until then",
            early.Message);
    }

    [Fact]
    public void A_certificate_without_serverAuth_usage_is_served_with_a_warning()
    {
        var (loaded, diagnostics) = Read(Good("client", new LeafSpec(["client.example.com"]) { ClientAuthOnly = true }));
        Assert.NotNull(loaded);
        Assert.Empty(diagnostics);

        var warning = Assert.Single(Check(loaded, DateTimeOffset.UtcNow));
        Assert.Equal((DiagnosticSeverity.Warning, TlsDiagnostics.CertificateField), (warning.Severity, warning.Field));
        Assert.Equal(
            "Secret shop/client: the certificate's extended key usage does not include server authentication (1.3.6.1.5.5.7.3.1); it is served, but clients will refuse it",
            warning.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1.3.6.1.5.5.7.3.1")]
    [InlineData("2.5.29.37.0")]
    public void A_certificate_with_no_EKU_serverAuth_or_anyExtendedKeyUsage_gets_no_usage_warning(string? usage)
    {
        var request = new CertificateRequest("CN=plain.example.com", Pki.LeafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("plain.example.com");
        request.CertificateExtensions.Add(san.Build());
        if (usage is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2"), new Oid(usage)], false));
        }

        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var (loaded, diagnostics) = Read(Good("plain") with { CertificatePem = certificate.ExportCertificatePem() });

        Assert.Empty(diagnostics);
        Assert.NotNull(loaded);
        Assert.Empty(Check(loaded, DateTimeOffset.UtcNow));
    }

    private static List<IngressDiagnostic> Check(LoadedSecret loaded, DateTimeOffset now)
    {
        var diagnostics = new List<IngressDiagnostic>();
        TlsSecretReader.Check(loaded, now, diagnostics);
        return diagnostics;
    }
}
