using static IngressCore.Tls.Tests.Support.Ingresses;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// What the store says about a <c>spec.tls[].secretName</c> it cannot use, by exact message, each
/// test with its own store: none given, another namespace, not found (and found only elsewhere,
/// namespaces in order), and a Secret defined twice.
/// </summary>
public sealed class SniCertificateStoreReferenceTests
{
    private const string DefaultServed = "its hosts are served the default certificate";

    private static TestPki Pki => TestPki.Shared.Value;

    private static IngressDiagnostic Only(string? secretName, params TlsSecret[] secrets)
    {
        var store = SniCertificateStore.Build([Ingress("shop", "web", ["web.example.com"], TlsEntry(secretName, "web.example.com"))], secrets);
        Assert.False(store.HasCertificate("web.example.com"));
        Assert.True(store.HasTlsConfigured("web.example.com"));
        var diagnostic = Assert.Single(store.Diagnostics);
        Assert.Equal(("Ingress", "shop", "web", "spec.tls[0].secretName"), (diagnostic.Kind, diagnostic.Namespace, diagnostic.Name, diagnostic.Field));
        return diagnostic;
    }

    [Fact]
    public void No_secretName_is_an_info()
    {
        var diagnostic = Only(null);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal($"spec.tls[0] names no secretName; {DefaultServed}", diagnostic.Message);
    }

    [Fact]
    public void A_secretName_with_a_namespace_is_an_error()
    {
        var diagnostic = Only("other/web-cert", Pki.Secret("other", "web-cert", "web.example.com"));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal($"secretName 'other/web-cert' refers to another namespace: an Ingress can only use Secrets in its own namespace (shop); {DefaultServed}", diagnostic.Message);
    }

    [Fact]
    public void A_missing_Secret_is_a_warning_that_names_the_namespaces_where_it_exists_in_order()
    {
        var missing = Only("web-cert", Pki.Secret("shop", "unrelated", "x.example.com"));
        Assert.Equal(DiagnosticSeverity.Warning, missing.Severity);
        Assert.Equal($"Secret shop/web-cert not found; {DefaultServed}", missing.Message);

        var elsewhere = Only("web-cert", Pki.Secret("zeta", "web-cert", "web.example.com"), Pki.Secret("alpha", "web-cert", "web.example.com"));
        Assert.Equal(DiagnosticSeverity.Warning, elsewhere.Severity);
        Assert.Equal(
            $"Secret shop/web-cert not found; a Secret of that name exists in namespace alpha, zeta, but an Ingress can only use Secrets in its own namespace; {DefaultServed}",
            elsewhere.Message);
    }

    [Fact]
    public void A_Secret_defined_twice_is_an_error_on_its_name()
    {
        var secret = Pki.Secret("shop", "web-cert", "web.example.com");
        var store = SniCertificateStore.Build([Ingress("shop", "web", ["web.example.com"], TlsEntry("web-cert", "web.example.com"))], [secret, secret with { }]);

        var error = Assert.Single(store.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Error, "Secret", "shop", "web-cert", "metadata.name"), (error.Severity, error.Kind, error.Namespace, error.Name, error.Field));
        Assert.Equal($"Secret shop/web-cert is defined more than once; no copy is used and {DefaultServed}", error.Message);
        Assert.False(store.HasCertificate("web.example.com"));
    }
}
