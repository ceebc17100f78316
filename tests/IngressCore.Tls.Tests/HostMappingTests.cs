using static IngressCore.Tls.Tests.Support.Ingresses;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// Which Secret serves which host: <c>spec.tls</c> hosts, then the certificate's names for the
/// Ingress's other rule hosts, then the default certificate; conflicts between Ingresses.
/// </summary>
public sealed class HostMappingTests
{
    private static TestPki Pki => TestPki.Shared.Value;

    [Fact]
    public void A_tls_entry_without_hosts_serves_the_rule_hosts_its_certificate_covers()
    {
        var store = SniCertificateStore.Build(
            [Ingress("shop", "web", ["a.example.com", "b.example.com", "other.example.org"], TlsEntry("wild"))],
            [Pki.Secret("shop", "wild", "*.example.com")]);

        Assert.Equal("CN=*.example.com", store.Select("a.example.com")!.Subject);
        Assert.Equal("CN=*.example.com", store.Select("b.example.com")!.Subject);
        // The host the certificate does not cover has TLS (ssl-redirect applies) but the default certificate.
        Assert.Same(store.DefaultCertificate, store.Select("other.example.org"));
        Assert.False(store.HasCertificate("other.example.org"));
        Assert.True(store.HasTlsConfigured("other.example.org"));
        // The wildcard certificate serves the rule hosts only, not every name under it.
        Assert.Same(store.DefaultCertificate, store.Select("c.example.com"));
        var warning = Assert.Single(store.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("Ingress", warning.Kind);
        Assert.Equal("spec.rules[2].host", warning.Field);
        Assert.Contains("other.example.org", warning.Message, StringComparison.Ordinal);
        Assert.Equal(["a.example.com", "b.example.com", "other.example.org"], store.Hosts);
    }

    [Fact]
    public void A_rule_host_not_listed_takes_the_first_secret_that_covers_it()
    {
        var store = SniCertificateStore.Build(
            [Ingress("shop", "web", ["a.example.com", "b.example.com"], TlsEntry("a-only", "a.example.com"), TlsEntry("b-cert", "x.example.com"))],
            [Pki.Secret("shop", "a-only", "a.example.com"), Pki.Secret("shop", "b-cert", "x.example.com", "b.example.com")]);

        Assert.Equal("CN=a.example.com", store.Select("a.example.com")!.Subject);
        Assert.Equal("CN=x.example.com", store.Select("b.example.com")!.Subject);
        Assert.Equal("CN=x.example.com", store.Select("x.example.com")!.Subject);
        Assert.Empty(store.Diagnostics);
    }

    [Fact]
    public void A_listed_wildcard_host_serves_every_name_one_label_under_it()
    {
        var store = SniCertificateStore.Build(
            [Ingress("tenants", "all", ["*.tenants.example.com"], TlsEntry("wild", "*.tenants.example.com"))],
            [Pki.Secret("tenants", "wild", "*.tenants.example.com")]);

        Assert.Equal("CN=*.tenants.example.com", store.Select("acme.tenants.example.com")!.Subject);
        Assert.True(store.HasCertificate("ACME.tenants.example.com:443"));
        Assert.False(store.HasCertificate("tenants.example.com"));
        Assert.False(store.HasCertificate("a.acme.tenants.example.com"));
        Assert.Empty(store.Diagnostics);
        Assert.Equal(["*.tenants.example.com"], store.Hosts);
    }

    [Fact]
    public void An_exact_host_beats_the_wildcard_even_when_it_falls_back_to_the_default()
    {
        var store = SniCertificateStore.Build(
            [
                Ingress("a", "wild", ["*.example.com"], TlsEntry("wild", "*.example.com")),
                Ingress("a", "broken", ["shop.example.com"], TlsEntry("missing", "shop.example.com")),
            ],
            [Pki.Secret("a", "wild", "*.example.com")]);

        // ingress-nginx: the exact server exists and carries the default certificate.
        Assert.Same(store.DefaultCertificate, store.Select("shop.example.com"));
        Assert.True(store.HasTlsConfigured("shop.example.com"));
        Assert.False(store.HasCertificate("shop.example.com"));
        Assert.Equal("CN=*.example.com", store.Select("blog.example.com")!.Subject);
    }

    [Fact]
    public void The_oldest_ingress_wins_a_host_claimed_by_two_secrets_with_a_warning_naming_both()
    {
        IngressCore.Model.IngressDefinition[] ingresses =
        [
            Ingress("team-b", "newer", ["shop.example.com"], TlsEntry("b-cert", "shop.example.com")).CreatedOnDay(5),
            Ingress("team-a", "older", ["shop.example.com"], TlsEntry("a-cert", "shop.example.com")).CreatedOnDay(1),
        ];
        var store = SniCertificateStore.Build(
            ingresses,
            [Pki.Secret("team-a", "a-cert", new LeafSpec(["shop.example.com"]) { CommonName = "team a" }), Pki.Secret("team-b", "b-cert", new LeafSpec(["shop.example.com"]) { CommonName = "team b" })]);

        Assert.Equal("CN=team a", store.Select("shop.example.com")!.Subject);
        var warning = Assert.Single(store.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(("team-b", "newer", "spec.tls[0].hosts[0]"), (warning.Namespace, warning.Name, warning.Field));
        Assert.Contains("team-a/a-cert", warning.Message, StringComparison.Ordinal);
        Assert.Contains("team-b/b-cert", warning.Message, StringComparison.Ordinal);
        Assert.Contains("older", warning.Message, StringComparison.Ordinal);

        // Input order does not matter; equal timestamps fall to namespace/name; a missing one counts as newest.
        Assert.Equal("CN=team a", SniCertificateStore.Build(ingresses.Reverse(), [Pki.Secret("team-a", "a-cert", new LeafSpec(["shop.example.com"]) { CommonName = "team a" }), Pki.Secret("team-b", "b-cert", "shop.example.com")]).Select("shop.example.com")!.Subject);
        var tied = SniCertificateStore.Build(
            [ingresses[0].CreatedOnDay(1), ingresses[1].CreatedOnDay(1)],
            [Pki.Secret("team-a", "a-cert", new LeafSpec(["shop.example.com"]) { CommonName = "team a" }), Pki.Secret("team-b", "b-cert", new LeafSpec(["shop.example.com"]) { CommonName = "team b" })]);
        Assert.Equal("CN=team a", tied.Select("shop.example.com")!.Subject);
        var untimed = SniCertificateStore.Build(
            [ingresses[0], ingresses[1] with { CreationTimestamp = null }],
            [Pki.Secret("team-a", "a-cert", new LeafSpec(["shop.example.com"]) { CommonName = "team a" }), Pki.Secret("team-b", "b-cert", new LeafSpec(["shop.example.com"]) { CommonName = "team b" })]);
        Assert.Equal("CN=team b", untimed.Select("shop.example.com")!.Subject);
    }

    [Fact]
    public void A_usable_certificate_beats_an_older_ingress_whose_secret_is_unusable()
    {
        var store = SniCertificateStore.Build(
            [
                Ingress("team-a", "older", ["shop.example.com"], TlsEntry("gone", "shop.example.com")).CreatedOnDay(1),
                Ingress("team-b", "newer", ["shop.example.com"], TlsEntry("b-cert", "shop.example.com")).CreatedOnDay(2),
            ],
            [Pki.Secret("team-b", "b-cert", "shop.example.com")]);

        Assert.Equal("CN=shop.example.com", store.Select("shop.example.com")!.Subject);
        Assert.Contains(store.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Name == "older" && d.Message.Contains("team-a/gone not found", StringComparison.Ordinal));
        Assert.Contains(store.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Name == "older" && d.Message.Contains("team-b/b-cert", StringComparison.Ordinal) && d.Message.Contains("no usable certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_that_covers_the_host_beats_an_older_one_that_does_not()
    {
        var store = SniCertificateStore.Build(
            [
                Ingress("a", "older", ["shop.example.com"], TlsEntry("wrong", "shop.example.com")).CreatedOnDay(1),
                Ingress("b", "newer", ["shop.example.com"], TlsEntry("right", "shop.example.com")).CreatedOnDay(2),
            ],
            [Pki.Secret("a", "wrong", "blog.example.com"), Pki.Secret("b", "right", "shop.example.com")]);

        Assert.Equal("CN=shop.example.com", store.Select("shop.example.com")!.Subject);
        Assert.Contains(store.Diagnostics, d => d.Name == "older" && d.Message.Contains("does not cover host shop.example.com", StringComparison.Ordinal));
        Assert.Contains(store.Diagnostics, d => d.Name == "older" && d.Message.Contains("covers the host", StringComparison.Ordinal) && d.Message.Contains("a/wrong", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_secret_claimed_by_two_ingresses_is_no_conflict()
    {
        var store = SniCertificateStore.Build(
            [
                Ingress("shop", "api", ["shop.example.com"], TlsEntry("shop-cert", "shop.example.com")),
                Ingress("shop", "web", ["shop.example.com"], TlsEntry("shop-cert", "shop.example.com")),
            ],
            [Pki.Secret("shop", "shop-cert", "shop.example.com")]);
        Assert.Empty(store.Diagnostics);
        Assert.True(store.HasCertificate("shop.example.com"));
    }

    [Fact]
    public void Secrets_no_ingress_uses_are_not_loaded()
    {
        var garbage = Pki.Secret("shop", "unused", "x.example.com") with { CertificatePem = "garbage" };
        var store = SniCertificateStore.Build([Ingress("shop", "plain", ["a.example.com"])], [garbage]);
        Assert.Empty(store.Diagnostics);
        Assert.Empty(store.Hosts);
        Assert.False(store.HasTlsConfigured("a.example.com"));
    }

    [Fact]
    public void A_secret_can_be_the_default_certificate()
    {
        var store = SniCertificateStore.Build(
            [],
            [Pki.Secret("ingress", "fallback", "fallback.example.com")],
            new SniCertificateStoreOptions { DefaultCertificateSecret = "ingress/fallback" });
        Assert.Equal("CN=fallback.example.com", store.DefaultCertificate.Subject);
        Assert.Equal("CN=fallback.example.com", store.Select("unknown.example.com")!.Subject);
        Assert.Empty(store.Diagnostics);

        var missing = SniCertificateStore.Build([], [], new SniCertificateStoreOptions { DefaultCertificateSecret = "ingress/nope" });
        Assert.Equal("CN=IngressCore default certificate", missing.DefaultCertificate.Subject);
        var error = Assert.Single(missing.Diagnostics);
        Assert.Equal(("Secret", "ingress", "nope", DiagnosticSeverity.Error), (error.Kind, error.Namespace, error.Name, error.Severity));
    }
}
