using System.Globalization;
using System.Net.Security;
using static IngressCore.Tls.Tests.Support.Ingresses;
using IngressCore.Model;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// One Kestrel listener serving 200 customer domains (each its own Secret), a wildcard and the
/// default certificate, the seed's multi-tenant case, checked with SslStream, openssl and curl.
/// </summary>
public sealed class KestrelHandshakeTests(KestrelHandshakeTests.Listener listener) : IClassFixture<KestrelHandshakeTests.Listener>
{
    public const int Customers = 200;

    private const string DefaultSubject = "CN=IngressCore default certificate";

    /// <summary>The listener, started once for the class.</summary>
    public sealed class Listener : IAsyncLifetime
    {
        private TlsServer? _server;

        public int Port => _server!.Port;

        public SniCertificateStore Store { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var pki = TestPki.Shared.Value;
            var ingresses = new List<IngressDefinition>();
            var secrets = new List<TlsSecret>();
            for (var i = 0; i < Customers; i++)
            {
                var host = Customer(i);
                ingresses.Add(Ingress($"tenant-{i % 7}", $"customer-{i}", [host], TlsEntry($"customer-{i}-tls", host)));
                secrets.Add(pki.Secret($"tenant-{i % 7}", $"customer-{i}-tls", host));
            }

            ingresses.Add(Ingress("saas", "tenants", ["*.saas.example.com"], TlsEntry("wildcard-tls", "*.saas.example.com")));
            secrets.Add(pki.Secret("saas", "wildcard-tls", "*.saas.example.com"));
            ingresses.Add(Ingress("intl", "books", ["xn--bcher-kva.example"], TlsEntry("books-tls", "xn--bcher-kva.example")));
            secrets.Add(pki.Secret("intl", "books-tls", "xn--bcher-kva.example"));

            Store = SniCertificateStore.Build(ingresses, secrets);
            Assert.Empty(Store.Diagnostics);
            _server = await TlsServer.StartAsync(new SniCertificateSource(Store), fromServices: true);
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }

    public static string Customer(int i) => string.Create(CultureInfo.InvariantCulture, $"shop{i}.customer{i % 13}.example");

    [Fact]
    public async Task Each_of_200_hosts_gets_its_own_certificate_with_its_chain()
    {
        for (var i = 0; i < Customers; i++)
        {
            var host = Customer(i);
            var handshake = await TlsClient.HandshakeAsync(listener.Port, host);
            Assert.Equal($"CN={host}", handshake.Subject);
            // Trusting only the root, the chain validates: the intermediate came in the handshake.
            Assert.Equal(SslPolicyErrors.None, handshake.Errors);
        }
    }

    [Theory]
    [InlineData("acme.saas.example.com", "CN=*.saas.example.com")]
    [InlineData("ACME.SAAS.EXAMPLE.COM", "CN=*.saas.example.com")]
    [InlineData("acme.saas.example.com.", "CN=*.saas.example.com")]
    [InlineData("deep.acme.saas.example.com", DefaultSubject)] // one label only
    [InlineData("saas.example.com", DefaultSubject)] // not the apex
    [InlineData("SHOP7.Customer7.Example", "CN=shop7.customer7.example")]
    [InlineData("shop7.customer7.example.", "CN=shop7.customer7.example")]
    [InlineData("bücher.example", "CN=xn--bcher-kva.example")]
    [InlineData("BÜCHER.EXAMPLE", "CN=xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "CN=xn--bcher-kva.example")]
    [InlineData("unknown.example.org", DefaultSubject)]
    [InlineData("", DefaultSubject)] // no SNI at all
    [InlineData("127.0.0.1", DefaultSubject)] // an IP literal is never sent as SNI
    public async Task SslStream_clients_get_the_certificate_for_their_server_name(string serverName, string subject)
    {
        var handshake = await TlsClient.HandshakeAsync(listener.Port, serverName);
        Assert.Equal(subject, handshake.Subject);
    }

    [Theory]
    [InlineData("shop42.customer3.example", "CN = shop42.customer3.example")]
    [InlineData("SHOP42.CUSTOMER3.EXAMPLE", "CN = shop42.customer3.example")]
    [InlineData("shop42.customer3.example.", "CN = shop42.customer3.example")]
    [InlineData("a.saas.example.com", "CN = *.saas.example.com")]
    [InlineData("b.a.saas.example.com", "CN = IngressCore default certificate")]
    [InlineData("xn--bcher-kva.example", "CN = xn--bcher-kva.example")]
    [InlineData("not..valid", "CN = IngressCore default certificate")]
    [InlineData("nobody.example.net", "CN = IngressCore default certificate")]
    [InlineData(null, "CN = IngressCore default certificate")] // -noservername
    public async Task Openssl_s_client_gets_the_certificate_for_its_server_name(string? serverName, string subject)
    {
        var result = await ExternalTool.OpenSslAsync(listener.Port, serverName);
        Assert.True(result.Subjects.Count > 0, result.Output);
        Assert.Equal(subject, result.Subjects[0]);
    }

    [Fact]
    public async Task Openssl_sees_the_intermediate_and_verifies_the_chain_to_the_root()
    {
        var result = await ExternalTool.OpenSslAsync(listener.Port, "shop1.customer1.example", verifyName: "shop1.customer1.example");
        Assert.Equal(["CN = shop1.customer1.example", "CN = IngressCore Test Intermediate CA"], result.Subjects);
        Assert.True(result.VerifyCode == 0, result.Output);
    }

    [Theory]
    [InlineData("shop9.customer9.example")]
    [InlineData("tenant-x.saas.example.com")]
    public async Task Curl_verifies_the_certificate_and_speaks_http2(string host)
    {
        var (exitCode, body, version) = await ExternalTool.CurlAsync(listener.Port, host);
        Assert.True(exitCode == 0, body);
        Assert.Equal("2", version);
        Assert.StartsWith($"sni={host}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alpn_offers_http2_then_http11()
    {
        Assert.Equal(SslApplicationProtocol.Http2, (await TlsClient.HandshakeAsync(listener.Port, "shop3.customer3.example", SslApplicationProtocol.Http2, SslApplicationProtocol.Http11)).Protocol);
        Assert.Equal(SslApplicationProtocol.Http11, (await TlsClient.HandshakeAsync(listener.Port, "shop3.customer3.example", SslApplicationProtocol.Http11)).Protocol);
        await using var client = await TlsClient.ConnectAsync(listener.Port, "shop3.customer3.example", SslApplicationProtocol.Http11);
        var (status, body) = await client.GetAsync("shop3.customer3.example");
        Assert.Equal(200, status);
        Assert.Equal("sni=shop3.customer3.example proto=HTTP/1.1", body);
    }
}
