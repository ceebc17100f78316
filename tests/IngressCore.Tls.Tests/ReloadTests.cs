using static IngressCore.Tls.Tests.Support.Ingresses;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// Hot reload through <see cref="SniCertificateSource"/>: a new snapshot is used by the next
/// handshake at once, while open connections keep the certificate they were given and keep working.
/// </summary>
public sealed class ReloadTests
{
    private static TestPki Pki => TestPki.Shared.Value;

    private static readonly IngressDefinition Shop = Ingress("shop", "web", ["shop.example.com"], TlsEntry("shop-tls", "shop.example.com"));

    [Fact]
    public async Task A_rotated_certificate_is_used_by_new_connections_while_open_ones_keep_theirs()
    {
        var before = Pki.Secret("shop", "shop-tls", new LeafSpec(["shop.example.com"]) { CommonName = "shop before" });
        var source = new SniCertificateSource(SniCertificateStore.Build([Shop], [before]));
        SniCertificateStore? announced = null;
        source.Changed += (_, store) => announced = store;
        await using var server = await TlsServer.StartAsync(source);

        await using var open = await TlsClient.ConnectAsync(server.Port, "shop.example.com");
        Assert.Equal("CN=shop before", open.Handshake.Subject);
        Assert.Equal(200, (await open.GetAsync("shop.example.com")).Status);

        // cert-manager renews: same Secret, new certificate (and a new key).
        var after = Pki.Secret("shop", "shop-tls", new LeafSpec(["shop.example.com"]) { CommonName = "shop after", Key = Pki.OtherKey });
        var rotated = source.Reload([Shop], [after]);
        Assert.Same(rotated, source.Current);
        Assert.Same(rotated, announced);

        await using var fresh = await TlsClient.ConnectAsync(server.Port, "shop.example.com");
        Assert.Equal("CN=shop after", fresh.Handshake.Subject);
        Assert.Equal(System.Net.Security.SslPolicyErrors.None, fresh.Handshake.Errors);

        // The connection made before the swap still works, on the old certificate.
        var (status, body) = await open.GetAsync("shop.example.com");
        Assert.Equal(200, status);
        Assert.StartsWith("sni=shop.example.com", body, StringComparison.Ordinal);
        Assert.Equal("CN=shop before", open.Handshake.Subject);
        Assert.Equal(200, (await fresh.GetAsync("shop.example.com")).Status);

        var openssl = await ExternalTool.OpenSslAsync(server.Port, "shop.example.com");
        Assert.Equal("CN = shop after", openssl.Subjects[0]);
    }

    [Fact]
    public async Task A_deleted_secret_falls_back_to_the_default_and_a_restored_one_is_served_again()
    {
        var secret = Pki.Secret("shop", "shop-tls", "shop.example.com");
        var source = new SniCertificateSource(SniCertificateStore.Build([Shop], [secret]));
        await using var server = await TlsServer.StartAsync(source);
        Assert.Equal("CN=shop.example.com", (await TlsClient.HandshakeAsync(server.Port, "shop.example.com")).Subject);

        var deleted = source.Reload([Shop], []);
        Assert.Equal("CN=IngressCore default certificate", (await TlsClient.HandshakeAsync(server.Port, "shop.example.com")).Subject);
        var missing = Assert.Single(deleted.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, "Ingress", "shop", "web"), (missing.Severity, missing.Kind, missing.Namespace, missing.Name));
        Assert.Contains("Secret shop/shop-tls not found", missing.Message, StringComparison.Ordinal);
        // Still a TLS host for ssl-redirect, as in ingress-nginx.
        Assert.True(deleted.HasTlsConfigured("shop.example.com"));
        Assert.False(deleted.HasCertificate("shop.example.com"));

        source.Reload([Shop], [secret]);
        var restored = await TlsClient.HandshakeAsync(server.Port, "shop.example.com");
        Assert.Equal("CN=shop.example.com", restored.Subject);
        Assert.Equal(System.Net.Security.SslPolicyErrors.None, restored.Errors);
        var (exitCode, body, _) = await ExternalTool.CurlAsync(server.Port, "shop.example.com");
        Assert.True(exitCode == 0, body);
    }

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n", "data[tls.crt]", "tls.crt is not valid PEM: a CERTIFICATE block does not hold a readable X.509 certificate")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n", "data[tls.crt]", "tls.crt holds no PEM CERTIFICATE block")]
    public async Task A_secret_that_turns_unusable_keeps_its_last_good_certificate_and_names_the_problem(string certificatePem, string field, string reason)
    {
        var good = Pki.Secret("shop", "shop-tls", "shop.example.com");
        var source = new SniCertificateSource(SniCertificateStore.Build([Shop], [good]));
        await using var server = await TlsServer.StartAsync(source);

        var broken = source.Reload([Shop], [good with { CertificatePem = certificatePem }]);

        // Served: the last good certificate, still trusted, not the default one.
        var handshake = await TlsClient.HandshakeAsync(server.Port, "shop.example.com");
        Assert.Equal("CN=shop.example.com", handshake.Subject);
        Assert.Equal(System.Net.Security.SslPolicyErrors.None, handshake.Errors);
        Assert.True(broken.HasCertificate("shop.example.com"));
        // Reported: the Secret, the field and the reason, and what is served instead.
        var error = Assert.Single(broken.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Error, "Secret", "shop", "shop-tls", field), (error.Severity, error.Kind, error.Namespace, error.Name, error.Field));
        Assert.StartsWith("Secret shop/shop-tls: " + reason, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; its last good certificate keeps being served until the Secret is fixed", error.Message, StringComparison.Ordinal);

        // Still broken at the next reload: still kept, still reported.
        var again = source.Reload([Shop], [good with { CertificatePem = certificatePem }]);
        Assert.Equal("CN=shop.example.com", (await TlsClient.HandshakeAsync(server.Port, "shop.example.com")).Subject);
        Assert.Equal(error.Message, Assert.Single(again.Diagnostics).Message);

        // Fixed with a new certificate: that one is served.
        source.Reload([Shop], [Pki.Secret("shop", "shop-tls", new LeafSpec(["shop.example.com"]) { CommonName = "fixed" })]);
        Assert.Equal("CN=fixed", (await TlsClient.HandshakeAsync(server.Port, "shop.example.com")).Subject);
    }

    [Fact]
    public async Task A_secret_unusable_from_the_start_is_served_the_default_certificate()
    {
        var broken = Pki.Secret("shop", "shop-tls", "shop.example.com") with { CertificatePem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" };
        var store = SniCertificateStore.Build([Shop], [broken]);
        await using var server = await TlsServer.StartAsync(new SniCertificateSource(store));

        Assert.Equal("CN=IngressCore default certificate", (await TlsClient.HandshakeAsync(server.Port, "shop.example.com")).Subject);
        Assert.EndsWith("; the hosts that use it are served the default certificate", Assert.Single(store.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_handshakes_during_many_swaps_each_get_a_whole_snapshot()
    {
        var first = SniCertificateStore.Build([Shop], [Pki.Secret("shop", "shop-tls", new LeafSpec(["shop.example.com"]) { CommonName = "one" })]);
        var second = SniCertificateStore.Build([Shop], [Pki.Secret("shop", "shop-tls", new LeafSpec(["shop.example.com"]) { CommonName = "two" })]);
        var source = new SniCertificateSource(first);
        await using var server = await TlsServer.StartAsync(source);
        using var stop = new CancellationTokenSource();
        var swapper = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                source.Swap(i % 2 == 0 ? second : first);
                await Task.Delay(1);
            }
        });

        var subjects = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var handshake = await TlsClient.HandshakeAsync(server.Port, "shop.example.com");
            Assert.Equal(System.Net.Security.SslPolicyErrors.None, handshake.Errors);
            subjects.Add(handshake.Subject);
        }

        await stop.CancelAsync();
        await swapper.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Subset(new HashSet<string> { "CN=one", "CN=two" }, subjects);
    }

    [Fact]
    public void A_reload_reuses_unchanged_certificates_and_loads_changed_ones()
    {
        var api = Ingress("shop", "api", ["api.example.com"], TlsEntry("api-tls", "api.example.com"));
        var old = Pki.Secret("shop", "old-tls", new LeafSpec(["old.example.com"]) { NotBefore = DateTimeOffset.UtcNow.AddDays(-30), NotAfter = DateTimeOffset.UtcNow.AddDays(-1) });
        var oldIngress = Ingress("shop", "old", ["old.example.com"], TlsEntry("old-tls", "old.example.com"));
        var apiSecret = Pki.Secret("shop", "api-tls", "api.example.com");
        var options = new SniCertificateStoreOptions { ServeDefaultCertificate = false };
        var source = new SniCertificateSource(SniCertificateStore.Build([Shop, api, oldIngress], [Pki.Secret("shop", "shop-tls", "shop.example.com"), apiSecret, old], options));
        var first = source.Current;

        var renewed = Pki.Secret("shop", "shop-tls", new LeafSpec(["shop.example.com"]) { CommonName = "renewed" });
        var second = source.Reload([Shop, api, oldIngress], [renewed, apiSecret with { }, old with { }]);

        // Same PEM text: the very same certificate and chain context, not a reparse.
        Assert.Same(first.Select("api.example.com"), second.Select("api.example.com"));
        Assert.Same(first.SelectOptions("api.example.com").ServerCertificateContext, second.SelectOptions("api.example.com").ServerCertificateContext);
        Assert.NotSame(first.SelectOptions("api.example.com"), second.SelectOptions("api.example.com"));
        Assert.Equal("CN=renewed", second.Select("shop.example.com")!.Subject);
        // The options carry over, and a reused certificate is still checked against the clock.
        Assert.Same(options, second.Options);
        Assert.Null(second.Select("unknown.example.com"));
        Assert.Contains(second.Diagnostics, d => d.Name == "old-tls" && d.Message.Contains("expired", StringComparison.Ordinal));
    }
}
