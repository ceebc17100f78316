using System.Security.Authentication;
using IngressCore.Matching;
using static IngressCore.Tls.Tests.Support.Ingresses;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// Selection at its bounds, each test with its own store: the first exact host, a wildcard's label
/// of 63 vs 64 characters, a whole name of 253 vs 254, a name ending in a digit, and a TLS host
/// whose Secret is missing when the default certificate is not served.
/// </summary>
public sealed class SniCertificateStoreBoundsTests
{
    private const string Default = "CN=IngressCore default certificate";

    private static TestPki Pki => TestPki.Shared.Value;

    private static SniCertificateStore Wildcard(string parent, SniCertificateStoreOptions? options = null) =>
        SniCertificateStore.Build(
            [Ingress("shop", "wild", [$"*.{parent}"], TlsEntry("wild-cert", $"*.{parent}"))],
            [Pki.Secret("shop", "wild-cert", $"*.{parent}")],
            options);

    [Fact]
    public void An_exact_host_in_the_first_slot_of_the_index_is_selected()
    {
        // The exact index is open-addressed (four slots for one key): a host whose hash picks slot 0
        // checks that slot 0 counts as found.
        var host = Enumerable.Range(0, 1000).Select(i => $"h{i}.example.com").First(h => (HostHash.Compute(h) & 3) == 0);
        var store = SniCertificateStore.Build(
            [Ingress("shop", "a", [host], TlsEntry("a-cert", host))],
            [Pki.Secret("shop", "a-cert", host)]);

        Assert.Equal($"CN={host}", store.Select(host)?.Subject);
        Assert.True(store.HasCertificate(host));
    }

    [Fact]
    public void A_wildcard_stands_for_a_label_of_up_to_63_characters()
    {
        var store = Wildcard("example.com");

        Assert.Equal("CN=*.example.com", store.Select(new string('a', 63) + ".example.com")?.Subject);
        Assert.Equal(Default, store.Select(new string('a', 64) + ".example.com")?.Subject);
    }

    [Fact]
    public void A_name_under_a_wildcard_is_selected_up_to_253_characters()
    {
        var label = new string('a', 63);
        var parent = $"{label}.{label}.{new string('c', 62)}"; // 190 characters
        var store = Wildcard(parent);
        var longest = new string('x', 62) + "." + parent;
        var over = new string('x', 63) + "." + parent;
        Assert.Equal((253, 254), (longest.Length, over.Length));

        Assert.Equal($"CN=*.{parent}", store.Select(longest)?.Subject);
        Assert.Equal(Default, store.Select(over)?.Subject);
    }

    [Fact]
    public void A_name_ending_in_a_digit_that_is_no_IP_literal_gets_its_wildcard()
    {
        var store = Wildcard("example9");

        Assert.Equal("CN=*.example9", store.Select("a.example9")?.Subject);
        Assert.Equal(Default, Wildcard("9").Select("a.9")?.Subject);
    }

    [Fact]
    public void A_TLS_host_without_a_usable_Secret_gets_nothing_when_the_default_is_not_served()
    {
        var store = SniCertificateStore.Build(
            [Ingress("shop", "lost", ["lost.example.com"], TlsEntry("missing-cert", "lost.example.com"))],
            [],
            new SniCertificateStoreOptions { ServeDefaultCertificate = false });

        Assert.True(store.HasTlsConfigured("lost.example.com"));
        Assert.False(store.HasCertificate("lost.example.com"));
        Assert.Null(store.Select("lost.example.com"));
        Assert.Null(store.Select("other.example.com"));
    }

    [Fact]
    public void Without_a_default_the_refusal_names_the_server_name_or_its_absence()
    {
        var store = Wildcard("example.com", new SniCertificateStoreOptions { ServeDefaultCertificate = false });

        var named = Assert.Throws<AuthenticationException>(() => store.SelectOptions("other.example.org"));
        Assert.Equal("No certificate is configured for server name 'other.example.org'.", named.Message);
        var nameless = Assert.Throws<AuthenticationException>(() => store.SelectOptions(""));
        Assert.Equal("No certificate is configured for connections without a server name (SNI).", nameless.Message);
    }
}
