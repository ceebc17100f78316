using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Model;
using IngressCore.Tls;

namespace IngressCore.Benchmarks.Tls;

/// <summary>
/// A store of <c>count</c> customer domains, each with its own certificate (signed by a private
/// intermediate, sent with its chain) and Ingress, plus one wildcard Secret, the way a multi-tenant
/// SaaS is configured. Leaves share one EC key: generating keys is not what is measured, and the
/// store treats every certificate the same whatever its key.
/// </summary>
public sealed class SniCertificateSet
{
    private SniCertificateSet(SniCertificateStore store, string[] hosts, TimeSpan buildTime, TimeSpan reloadTime)
    {
        Store = store;
        Hosts = hosts;
        BuildTime = buildTime;
        ReloadTime = reloadTime;
    }

    public SniCertificateStore Store { get; }

    /// <summary>The exact hosts, <c>shopN.customerM.example</c>.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>How long <see cref="SniCertificateStore.Build"/> took (PEM parsing and a chain context per certificate).</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>How long <see cref="SniCertificateSource.Reload"/> took with the same Secrets (every certificate reused).</summary>
    public TimeSpan ReloadTime { get; }

    /// <summary>The wildcard's parent: <c>anything.tenants.example.com</c> gets the wildcard certificate.</summary>
    public const string WildcardParent = "tenants.example.com";

    public static string Host(int i) => string.Create(CultureInfo.InvariantCulture, $"shop{i}.customer{i % 97}.example");

    public static SniCertificateSet Create(int count)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Bench CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        var caPem = ca.ExportCertificatePem();
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyPem = leafKey.ExportECPrivateKeyPem();
        var signer = X509SignatureGenerator.CreateForECDsa(caKey);

        TlsSecret Secret(string name, string dnsName)
        {
            var request = new CertificateRequest($"CN={dnsName}", leafKey, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var leaf = request.Create(ca.SubjectName, signer, now.AddDays(-1), now.AddDays(90), RandomNumberGenerator.GetBytes(16));
            return new TlsSecret { Namespace = "saas", Name = name, CertificatePem = leaf.ExportCertificatePem() + "\n" + caPem, PrivateKeyPem = keyPem };
        }

        var hosts = new string[count];
        var ingresses = new List<IngressDefinition>(count + 1);
        var secrets = new List<TlsSecret>(count + 1);
        for (var i = 0; i < count; i++)
        {
            hosts[i] = Host(i);
            var secretName = string.Create(CultureInfo.InvariantCulture, $"customer-{i}-tls");
            ingresses.Add(Ingress(string.Create(CultureInfo.InvariantCulture, $"customer-{i}"), hosts[i], secretName));
            secrets.Add(Secret(secretName, hosts[i]));
        }

        ingresses.Add(Ingress("tenants", "*." + WildcardParent, "tenants-tls"));
        secrets.Add(Secret("tenants-tls", "*." + WildcardParent));

        var clock = Stopwatch.StartNew();
        var store = SniCertificateStore.Build(ingresses, secrets);
        var buildTime = clock.Elapsed;
        if (store.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException("the benchmark store has diagnostics: " + store.Diagnostics[0]);
        }

        // A reload with the same Secrets as new objects (as a manifest re-read gives them).
        var copies = secrets.Select(s => s with { CertificatePem = new string(s.CertificatePem), PrivateKeyPem = new string(s.PrivateKeyPem) }).ToList();
        clock.Restart();
        var reloaded = new SniCertificateSource(store).Reload(ingresses, copies);
        var reloadTime = clock.Elapsed;
        if (!ReferenceEquals(reloaded.Select(hosts[0]), store.Select(hosts[0])))
        {
            throw new InvalidOperationException("the reload did not reuse the certificates");
        }

        return new SniCertificateSet(reloaded, hosts, buildTime, reloadTime);
    }

    private static IngressDefinition Ingress(string name, string host, string secretName) => new()
    {
        Namespace = "saas",
        Name = name,
        Rules = [new IngressRule { Host = host, Paths = [new IngressPath { Path = "/", PathType = PathType.Prefix, Backend = IngressBackend.ForService("web", 80) }] }],
        Tls = [new IngressTls { SecretName = secretName, Hosts = [host] }],
    };
}
