using System.Net;
using Microsoft.AspNetCore.Builder;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.IntegrationTests.Support;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.IntegrationTests;

/// <summary>
/// X-Forwarded-* are believed only from configured proxies (docs/annotations.md, "What an invalid value does"). The seed's redirect-loop
/// scenario: a TLS-terminating load balancer forwards plain HTTP with X-Forwarded-Proto: https; if
/// that is believed from anyone, clients choose their own scheme, and if it is ignored from the
/// balancer, every request is redirected to HTTPS forever.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static Task<Gateway> StartAsync(Action<GatewaySetup>? trust = null) =>
        Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("secure", "secure.example.com", "/", "http-svc", tlsHosts: ["secure.example.com"]));
                o.Ingresses.Add(Ingresses.Single("plain", "plain.example.com", "/", "http-svc"));
                o.Ingresses.Add(Ingresses.Single("settings-tls", "settings-tls", "/", "http-svc", tlsHosts: ["settings-tls"]));
                trust?.Invoke(o);
            },
            app => app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc")),
            https: true);

    private static async Task<HttpResponseMessage> GetAsync(Gateway gateway, string url, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await gateway.Client().SendAsync(request);
    }

    [Fact]
    public async Task X_forwarded_proto_from_an_untrusted_client_does_not_skip_the_redirect()
    {
        await using var gateway = await StartAsync();

        using var response = await GetAsync(gateway, "http://secure.example.com/", ("X-Forwarded-Proto", "https"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
    }

    [Fact]
    public async Task X_forwarded_proto_http_from_an_untrusted_client_over_https_does_not_loop()
    {
        await using var gateway = await StartAsync();

        using var response = await GetAsync(gateway, "https://secure.example.com/", ("X-Forwarded-Proto", "http"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https", TestBackends.Field(body, "scheme"));
    }

    [Fact]
    public async Task A_trusted_balancer_that_terminated_tls_is_served_not_redirected()
    {
        await using var gateway = await StartAsync(o => o.Options.TrustedProxies.Add(IPAddress.Loopback));

        using var response = await GetAsync(gateway, "http://secure.example.com/", ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https", TestBackends.Field(body, "scheme"));
        Assert.Equal("203.0.113.7", TestBackends.Field(body, "client"));
    }

    [Fact]
    public async Task A_trusted_balancer_that_forwards_plain_http_gets_the_redirect()
    {
        await using var gateway = await StartAsync(o => o.Options.TrustedNetworks.Add(IPNetwork.Parse("127.0.0.0/8")));

        using var response = await GetAsync(gateway, "http://secure.example.com/a", ("X-Forwarded-Proto", "http"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
    }

    [Fact]
    public async Task X_forwarded_for_is_ignored_from_an_untrusted_client()
    {
        await using var gateway = await StartAsync();

        using var response = await GetAsync(gateway, "http://plain.example.com/", ("X-Forwarded-For", "203.0.113.7"));

        Assert.Equal("127.0.0.1", TestBackends.Field(await response.Content.ReadAsStringAsync(), "client"));
    }

    [Theory]
    [InlineData("203.0.113.7, 10.0.0.2", "http, https", "203.0.113.7", "http")]
    [InlineData("198.51.100.1, 203.0.113.7, 10.0.0.2", "https", "203.0.113.7", "https")]
    [InlineData("10.0.0.3, 10.0.0.2", "https", "10.0.0.3", "https")]
    [InlineData("not-an-address, 10.0.0.2", "https", "10.0.0.2", "https")]
    [InlineData("[2001:db8::1]:4711", "gopher", "2001:db8::1", "http")]
    public async Task X_forwarded_for_is_walked_from_the_right_past_trusted_proxies(string forwardedFor, string forwardedProto, string client, string scheme)
    {
        await using var gateway = await StartAsync(o =>
        {
            o.Options.TrustedProxies.Add(IPAddress.Loopback);
            o.Options.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8"));
        });

        using var response = await GetAsync(gateway, "http://plain.example.com/", ("X-Forwarded-For", forwardedFor), ("X-Forwarded-Proto", forwardedProto));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(client, TestBackends.Field(body, "client"));
        Assert.Equal(scheme, TestBackends.Field(body, "scheme"));
    }

    [Fact]
    public async Task X_forwarded_host_from_a_trusted_proxy_names_the_redirect_host_without_its_port()
    {
        // test/e2e/settings/tls.go "should not use ports or X-Forwarded-Host during the HTTP to HTTPS redirection"
        await using var gateway = await StartAsync(o => o.Options.TrustedProxies.Add(IPAddress.Loopback));

        using var response = await GetAsync(gateway, "http://settings-tls/", ("X-Forwarded-Host", "example.com:80"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://example.com", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("evil.example.com")]
    [InlineData("evil.example.com/path")]
    public async Task X_forwarded_host_is_ignored_from_an_untrusted_client_or_when_it_is_not_a_host(string forwardedHost)
    {
        var trusted = forwardedHost.Contains('/', StringComparison.Ordinal);
        await using var gateway = await StartAsync(trusted ? o => o.Options.TrustedProxies.Add(IPAddress.Loopback) : null);

        using var response = await GetAsync(gateway, "http://settings-tls/", ("X-Forwarded-Host", forwardedHost));

        Assert.Equal("https://settings-tls", response.Headers.Location?.OriginalString);
    }
}
