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
/// allowlist-source-range (whitelist-source-range) and denylist-source-range
/// (docs/annotations.md), mirroring kubernetes/ingress-nginx
/// test/e2e/annotations/ipallowlist.go, ipwhitelist.go (older releases) and ipdenylist.go, which check the
/// generated deny/allow rules; here the requests are sent. The test client is 127.0.0.1.
/// </summary>
public sealed class SourceRangeTests
{
    private const string Host = "ipranges.foo.com";

    private static Task<Gateway> StartAsync(IReadOnlyDictionary<string, string> annotations, Action<GatewaySetup>? configure = null) =>
        Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("ipranges", Host, "/", "http-svc", annotations: annotations));
                configure?.Invoke(o);
            },
            app => app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc")));

    private static async Task<HttpStatusCode> GetAsync(Gateway gateway, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{Host}/"));
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        using var response = await gateway.Client().SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    // ipallowlist.go "should set valid ip allowlist range": only the listed ranges are served
    [InlineData("allowlist-source-range", "18.0.0.0/8, 56.0.0.0/8", HttpStatusCode.Forbidden)]
    [InlineData("allowlist-source-range", "18.0.0.0/8, 127.0.0.1", HttpStatusCode.OK)]
    // ipwhitelist.go (older releases): the old name, read when the new one is absent
    [InlineData("whitelist-source-range", "10.0.0.0/8", HttpStatusCode.Forbidden)]
    [InlineData("whitelist-source-range", "127.0.0.0/8", HttpStatusCode.OK)]
    // ipdenylist.go "should set valid ip denylist range when whitelist"
    [InlineData("denylist-source-range", "18.0.0.0/8, 56.0.0.0/8", HttpStatusCode.OK)]
    [InlineData("denylist-source-range", "18.0.0.0/8, 127.0.0.0/8", HttpStatusCode.Forbidden)]
    [InlineData("denylist-source-range", "::1, 127.0.0.1/32", HttpStatusCode.Forbidden)]
    public async Task One_list_decides(string annotation, string ranges, HttpStatusCode expected)
    {
        await using var gateway = await StartAsync(Ingresses.Nginx((annotation, ranges)));

        Assert.Equal(expected, await GetAsync(gateway));
    }

    [Theory] // ipdenylist.go "should set valid ip denylist range when whitelist is set": deny rules come first, so deny wins
    [InlineData("127.0.0.1", "127.0.0.0/8", HttpStatusCode.Forbidden)]
    [InlineData("18.0.0.0/8", "127.0.0.0/8", HttpStatusCode.OK)]
    [InlineData("18.0.0.0/8", "17.0.0.0/8", HttpStatusCode.Forbidden)]
    public async Task The_denylist_wins_over_the_allowlist(string deny, string allow, HttpStatusCode expected)
    {
        await using var gateway = await StartAsync(Ingresses.Nginx(("denylist-source-range", deny), ("allowlist-source-range", allow)));

        Assert.Equal(expected, await GetAsync(gateway));
    }

    [Fact] // docs/annotations.md: the client address comes from X-Forwarded-For only through a trusted proxy
    public async Task X_forwarded_for_counts_only_from_a_trusted_proxy()
    {
        var annotations = Ingresses.Nginx(("denylist-source-range", "18.0.0.0/8"), ("allowlist-source-range", "17.0.0.0/8, 127.0.0.1"));
        await using var untrusted = await StartAsync(annotations);
        await using var trusted = await StartAsync(annotations, o => o.Options.TrustedProxies.Add(IPAddress.Loopback));

        // From an untrusted client the header is ignored: the connection's address, 127.0.0.1, is allowed.
        Assert.Equal(HttpStatusCode.OK, await GetAsync(untrusted, "18.1.2.3"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(untrusted, "17.1.2.3"));
        // From the trusted proxy, the forwarded client is checked.
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(trusted, "18.1.2.3"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(trusted, "17.1.2.3"));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(trusted, "203.0.113.9"));
    }

    [Fact] // docs/annotations.md, "How the engine applies them": access control runs after the HTTPS redirect, so a denied client is still redirected
    public async Task A_denied_client_is_redirected_before_it_is_refused()
    {
        await using var gateway = await Gateway.StartAsync(
            o => o.Ingresses.Add(Ingresses.Single("ipranges", Host, "/", "http-svc", annotations: Ingresses.Nginx(("denylist-source-range", "127.0.0.1")), tlsHosts: [Host])),
            app => app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc")),
            https: true);

        Assert.Equal(HttpStatusCode.PermanentRedirect, await GetAsync(gateway));
    }

    [Fact] // ingress-nginx: the host root location takes the first Ingress's annotations, so unmatched paths are refused too
    public async Task An_unmatched_path_is_refused_by_the_hosts_lists()
    {
        await using var gateway = await StartAsync(Ingresses.Nginx(("allowlist-source-range", "10.0.0.0/8")));

        var response = await Curl.GetAsync(gateway.HttpPort, Host, "/anything");

        Assert.Equal(403, response.Status);
        Assert.Equal("403 Forbidden\n", response.Body);
    }
}
