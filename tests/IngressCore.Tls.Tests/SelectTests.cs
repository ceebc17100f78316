using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using static IngressCore.Tls.Tests.Support.Ingresses;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// <see cref="SniCertificateStore.Select"/>: exact, then one-label wildcard, then default; the name
/// forms clients send; invalid names; and that a selection allocates nothing.
/// </summary>
public sealed class SelectTests
{
    // Built for each test, not once per process: mutation testing runs many mutants in one test
    // process, and a store built once would keep the behaviour of whichever was active first.
    private readonly SniCertificateStore _store = BuildStore();

    private static SniCertificateStore BuildStore()
    {
        var pki = TestPki.Shared.Value;
        return SniCertificateStore.Build(
            [
                Ingress("shop", "exact", ["a.example.com"], TlsEntry("a-cert", "a.example.com")),
                Ingress("shop", "wild", ["*.example.com"], TlsEntry("wild-cert", "*.example.com")),
                Ingress("shop", "idn", ["xn--bcher-kva.example"], TlsEntry("idn-cert", "xn--bcher-kva.example")),
            ],
            [
                pki.Secret("shop", "a-cert", "a.example.com"),
                pki.Secret("shop", "wild-cert", "*.example.com"),
                pki.Secret("shop", "idn-cert", "xn--bcher-kva.example"),
            ]);
    }

    public static TheoryData<string, string> Names => new()
    {
        { "a.example.com", "CN=a.example.com" },
        { "A.EXAMPLE.COM", "CN=a.example.com" },
        { "a.example.com.", "CN=a.example.com" },
        { "A.Example.Com.", "CN=a.example.com" },
        { "b.example.com", "CN=*.example.com" },
        { "B.EXAMPLE.COM.", "CN=*.example.com" },
        { "under_score.example.com", "CN=*.example.com" },
        { "xn--bcher-kva.example", "CN=xn--bcher-kva.example" },
        { "XN--BCHER-KVA.EXAMPLE", "CN=xn--bcher-kva.example" },
        { "bücher.example", "CN=xn--bcher-kva.example" },
        { "BÜCHER.example.", "CN=xn--bcher-kva.example" },
        // One label only (RFC 6125), unlike Kestrel's any-depth suffix match; never the apex.
        { "c.b.example.com", "CN=IngressCore default certificate" },
        { "example.com", "CN=IngressCore default certificate" },
        { "unknown.example.org", "CN=IngressCore default certificate" },
    };

    /// <summary>Names that are not valid DNS names get the default certificate, never an exact or wildcard one.</summary>
    public static TheoryData<string> InvalidNames => new()
    {
        "",
        ".",
        "127.0.0.1",
        "10.0.0.1.",
        "[::1]",
        "::1",
        "a..example.com",
        ".a.example.com",
        "a.example.com..",
        "a.example.com:443",
        "a.example.com\0",
        "\0.example.com",
        "a\u0001.example.com",
        "a\u007f.example.com",
        "a\u0085.example.com",
        "a b.example.com",
        "*.example.com",
        "a/b.example.com",
        "a%2e.example.com",
        "ü\u0000.example.com",
        new string('a', 64) + ".example.com",
        string.Join('.', Enumerable.Repeat("abcdefghi", 26)) + ".example.com",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Selects_exact_then_one_label_wildcard_then_default(string serverName, string subject) =>
        Assert.Equal(subject, _store.Select(serverName)!.Subject);

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_names_get_the_default_certificate_only(string serverName)
    {
        Assert.Same(_store.DefaultCertificate, _store.Select(serverName));
        if (!serverName.EndsWith(":443", StringComparison.Ordinal))
        {
            // As a Host header, a name with a port is fine; every other invalid name has no certificate.
            Assert.False(_store.HasCertificate(serverName));
        }
    }

    [Fact]
    public void An_ip_literal_never_reaches_a_wildcard_with_numeric_labels()
    {
        // "*.0.0.1" is a valid Ingress host (DNS labels may be numeric), but "10.0.0.1" is an
        // address, which clients never send as SNI and which must not select a certificate.
        var store = SniCertificateStore.Build(
            [Ingress("odd", "numeric", ["*.0.0.1"], TlsEntry("numeric", "*.0.0.1"))],
            [TestPki.Shared.Value.Secret("odd", "numeric", "*.0.0.1")]);
        Assert.Same(store.DefaultCertificate, store.Select("10.0.0.1"));
        Assert.Same(store.DefaultCertificate, store.Select("10.0.0.1."));
        Assert.False(store.HasTlsConfigured("10.0.0.1:443"));
    }

    [Fact]
    public void The_generated_default_certificate_is_made_once_and_names_itself()
    {
        var other = SniCertificateStore.Build([], []);
        Assert.Equal("CN=IngressCore default certificate", other.DefaultCertificate.Subject);
        Assert.True(other.DefaultCertificate.HasPrivateKey);
        Assert.Same(_store.DefaultCertificate, other.DefaultCertificate);
    }

    [Fact]
    public void A_configured_default_certificate_is_served_for_unknown_names()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var configured = new CertificateRequest("CN=my default", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var store = SniCertificateStore.Build([], [], new SniCertificateStoreOptions { DefaultCertificate = configured });
        Assert.Same(configured, store.Select("anything.example.com"));
        Assert.Same(configured, store.Select(""));
    }

    [Fact]
    public void A_default_certificate_without_its_key_is_refused()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(TestPki.Shared.Value.Root.RawData);
        Assert.Throws<ArgumentException>(() =>
            SniCertificateStore.Build([], [], new SniCertificateStoreOptions { DefaultCertificate = publicOnly }));
    }

    [Fact]
    public void Without_the_default_unknown_names_get_nothing_and_the_handshake_is_refused()
    {
        var pki = TestPki.Shared.Value;
        var store = SniCertificateStore.Build(
            [Ingress("shop", "exact", ["a.example.com"], TlsEntry("a-cert", "a.example.com"))],
            [pki.Secret("shop", "a-cert", "a.example.com")],
            new SniCertificateStoreOptions { ServeDefaultCertificate = false });
        Assert.Equal("CN=a.example.com", store.Select("a.example.com")!.Subject);
        Assert.Null(store.Select("b.example.com"));
        Assert.Null(store.Select(""));
        Assert.Throws<AuthenticationException>(() => store.SelectOptions("b.example.com"));
    }

    [Fact]
    public void HasCertificate_takes_a_host_header_with_a_port_and_any_case()
    {
        var store = _store;
        Assert.True(store.HasCertificate("a.example.com"));
        Assert.True(store.HasCertificate("A.Example.com:8443"));
        Assert.True(store.HasCertificate("b.example.com."));
        Assert.True(store.HasTlsConfigured("b.example.com:443"));
        Assert.False(store.HasCertificate("c.b.example.com"));
        Assert.False(store.HasTlsConfigured("example.com"));
        Assert.False(store.HasCertificate("[::1]:443"));
    }

    [Fact]
    public void Every_connection_for_one_certificate_gets_the_same_prepared_options()
    {
        var store = _store;
        var first = store.SelectOptions("a.example.com");
        Assert.Same(first, store.SelectOptions("A.EXAMPLE.COM."));
        Assert.NotNull(first.ServerCertificateContext);
        Assert.Equal("CN=a.example.com", first.ServerCertificateContext!.TargetCertificate.Subject);
        // The chain context carries the intermediate from tls.crt (the root is not sent).
        Assert.Equal(["CN=IngressCore Test Intermediate CA"], first.ServerCertificateContext.IntermediateCertificates.Select(c => c.Subject));
        Assert.Equal(["h2", "http/1.1"], first.ApplicationProtocols!.Select(p => p.ToString()));
        Assert.Same(store.SelectOptions("b.example.com"), store.SelectOptions("z.example.com"));
        Assert.Same(store.SelectOptions(""), store.SelectOptions("nothing.example.org"));
        Assert.NotSame(first, store.SelectOptions("b.example.com"));
    }

    [Fact]
    public void Hosts_of_one_secret_share_one_certificate_entry()
    {
        var pki = TestPki.Shared.Value;
        var store = SniCertificateStore.Build(
            [Ingress("shop", "multi", ["a.example.com", "b.example.com"], TlsEntry("both", "a.example.com", "b.example.com"))],
            [pki.Secret("shop", "both", "a.example.com", "b.example.com")]);
        Assert.Equal(2, store.CertificateCount); // the default and the Secret's
        Assert.Same(store.SelectOptions("a.example.com"), store.SelectOptions("b.example.com"));
        Assert.Same(store.Select("a.example.com"), store.Select("b.example.com"));
    }

    [Fact]
    public void Select_allocates_nothing()
    {
        var store = _store;
        string[] names = ["a.example.com", "A.EXAMPLE.COM.", "b.example.com", "c.b.example.com", "unknown.example.org", "", "127.0.0.1", "a..b", "under_score.example.com"];
        foreach (var name in names)
        {
            for (var i = 0; i < 1000; i++)
            {
                store.Select(name);
                store.SelectOptions(name);
                store.HasCertificate(name);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                store.Select(name);
                store.SelectOptions(name);
                store.HasCertificate(name);
                store.HasTlsConfigured(name);
            }

            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before == 0, $"'{name}' allocated");
        }
    }
}
