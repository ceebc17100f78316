using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Model;

namespace IngressCore.Tls.Tests.Support;

/// <summary>How a test leaf's private key is written into <c>tls.key</c>.</summary>
public enum KeyFormat
{
    /// <summary>SEC1 <c>EC PRIVATE KEY</c> (cert-manager's ECDSA default).</summary>
    Sec1,

    /// <summary>PKCS#8 <c>PRIVATE KEY</c>.</summary>
    Pkcs8,

    /// <summary>PKCS#1 <c>RSA PRIVATE KEY</c> (needs an RSA leaf).</summary>
    Pkcs1,
}

/// <summary>
/// A private PKI made in-process once per test run: a root CA, an intermediate CA that signs every
/// leaf, and leaf certificates written as <c>kubernetes.io/tls</c> Secrets (leaf and intermediate in
/// <c>tls.crt</c>, as cert-manager writes them; the root stays out, clients trust it separately).
/// Keys are EC P-256, which is fast to generate, except the one RSA key the RSA cases share.
/// </summary>
public sealed class TestPki
{
    public static readonly Lazy<TestPki> Shared = new(() => new TestPki());

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly Lazy<RSA> _rsaKey = new(() => RSA.Create(2048));

    private TestPki()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=IngressCore Test Root CA", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        Root = rootRequest.CreateSelfSigned(now.AddDays(-30), now.AddYears(10));

        IntermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=IngressCore Test Intermediate CA", IntermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using var intermediatePublic = intermediateRequest.Create(Root, now.AddDays(-29), now.AddYears(9), Serial());
        Intermediate = intermediatePublic.CopyWithPrivateKey(IntermediateKey);

        LeafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        OtherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        RootPem = Root.ExportCertificatePem();
        RootFile = Path.Combine(Path.GetTempPath(), $"ingresscore-tls-tests-root-{Environment.ProcessId}.pem");
        File.WriteAllText(RootFile, RootPem);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(RootFile);
    }

    /// <summary>The root CA (clients trust only this).</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The root CA in PEM form.</summary>
    public string RootPem { get; }

    /// <summary>A file holding <see cref="RootPem"/>, for openssl's <c>-CAfile</c> and curl's <c>--cacert</c>.</summary>
    public string RootFile { get; }

    /// <summary>The intermediate CA, with its key; it signs every leaf.</summary>
    public X509Certificate2 Intermediate { get; }

    private ECDsa IntermediateKey { get; }

    /// <summary>The key every leaf uses unless a test asks for another.</summary>
    public ECDsa LeafKey { get; }

    /// <summary>A second EC key, for mismatches and rotations.</summary>
    public ECDsa OtherKey { get; }

    /// <summary>The RSA key of the RSA cases (made on first use).</summary>
    public RSA RsaKey => _rsaKey.Value;

    /// <summary>Issues a leaf for <paramref name="dnsNames"/> and writes it as a Secret.</summary>
    public TlsSecret Secret(string ns, string name, params string[] dnsNames) => Secret(ns, name, new LeafSpec(dnsNames));

    /// <summary>Issues a leaf as <paramref name="spec"/> says and writes it as a Secret.</summary>
    public TlsSecret Secret(string ns, string name, LeafSpec spec)
    {
        var leaf = Issue(spec);
        var chain = spec.IncludeIntermediate ? leaf.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem() : leaf.ExportCertificatePem();
        AsymmetricAlgorithm key = spec.Rsa ? RsaKey : spec.Key ?? LeafKey;
        return new TlsSecret
        {
            Namespace = ns,
            Name = name,
            CertificatePem = chain + "\n",
            PrivateKeyPem = KeyPem(spec.KeyInSecret ?? key, spec.KeyFormat),
        };
    }

    /// <summary>Issues a leaf certificate (without its key).</summary>
    public X509Certificate2 Issue(LeafSpec spec)
    {
        var now = DateTimeOffset.UtcNow;
        CertificateRequest request = spec.Rsa
            ? new CertificateRequest($"CN={spec.CommonName ?? spec.DnsNames.FirstOrDefault() ?? "leaf"}", RsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={spec.CommonName ?? spec.DnsNames.FirstOrDefault() ?? "leaf"}", spec.Key ?? LeafKey, HashAlgorithmName.SHA256);
        if (spec.DnsNames.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in spec.DnsNames)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([spec.ClientAuthOnly ? ClientAuth : ServerAuth], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        // The intermediate's EC key signs RSA leaves too, through an explicit generator.
        return request.Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(IntermediateKey), spec.NotBefore ?? now.AddDays(-1), spec.NotAfter ?? now.AddDays(90), Serial());
    }

    /// <summary>
    /// A self-signed certificate for the leaf key whose extension <paramref name="oid"/>
    /// (subjectAltName, extendedKeyUsage) is not the SEQUENCE it must be: the import succeeds,
    /// reading the extension throws. Found by fuzz/ (tls-secret); it used to stop the whole store's build.
    /// </summary>
    public string CertificateWithBrokenExtension(string name, string oid)
    {
        var request = new CertificateRequest($"CN={name}.example.com", LeafKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509Extension(oid, [0x14, 0x00], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return certificate.ExportCertificatePem();
    }

    private static string KeyPem(AsymmetricAlgorithm key, KeyFormat format) => (key, format) switch
    {
        (ECDsa ec, KeyFormat.Sec1) => ec.ExportECPrivateKeyPem(),
        (RSA rsa, KeyFormat.Pkcs1) => rsa.ExportRSAPrivateKeyPem(),
        (_, KeyFormat.Pkcs8) => key.ExportPkcs8PrivateKeyPem(),
        (RSA rsa, _) => rsa.ExportRSAPrivateKeyPem(),
        _ => throw new ArgumentException($"no {format} form for {key.GetType().Name}"),
    };

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(16);
}

/// <summary>What a test leaf looks like.</summary>
public sealed record LeafSpec(IReadOnlyList<string> DnsNames)
{
    public string? CommonName { get; init; }

    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? NotAfter { get; init; }

    public bool ClientAuthOnly { get; init; }

    public bool Rsa { get; init; }

    public ECDsa? Key { get; init; }

    /// <summary>A key to write into <c>tls.key</c> instead of the certificate's own.</summary>
    public AsymmetricAlgorithm? KeyInSecret { get; init; }

    public KeyFormat KeyFormat { get; init; } = KeyFormat.Sec1;

    public bool IncludeIntermediate { get; init; } = true;
}
