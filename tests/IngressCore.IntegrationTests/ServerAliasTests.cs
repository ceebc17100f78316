using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using IngressCore.IntegrationTests.Support;

namespace IngressCore.IntegrationTests;

/// <summary>
/// server-alias (kubernetes/ingress-nginx test/e2e/annotations/serveralias.go): an alias is answered
/// by its host's server (paths, policies, certificate); a name that is a host of its own is no alias.
/// </summary>
public sealed class ServerAliasTests
{
    private static Task<Gateway> StartAsync(Action<GatewaySetup>? more = null, bool https = false) =>
        Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("main", "foo", "/", "main", annotations: Ingresses.Nginx(("server-alias", "bar, *.baz.example")), tlsHosts: https ? ["foo"] : null));
                if (https)
                {
                    o.TlsSecrets.Add(TestCertificates.Secret("default", "main", "foo", "bar"));
                }

                more?.Invoke(o);
            },
            app =>
            {
                app.MapIngressBackend("main", b => TestBackends.Echo(b, "main"));
                app.MapIngressBackend("real", b => TestBackends.Echo(b, "real"));
            },
            https);

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(Gateway gateway, string url)
    {
        using var response = await gateway.Client().GetAsync(new Uri(url));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact] // serveralias.go "should return status code 200 for host 'foo' and 'bar'"
    public async Task Aliases_are_served_by_their_host()
    {
        await using var gateway = await StartAsync();

        var foo = await GetAsync(gateway, "http://foo/");
        var bar = await GetAsync(gateway, "http://bar/path");
        var wildcard = await GetAsync(gateway, "http://x.baz.example/");
        var unknown = await GetAsync(gateway, "http://qux/");

        Assert.Equal("main", TestBackends.Field(foo.Body, "backend"));
        Assert.Equal("main", TestBackends.Field(bar.Body, "backend"));
        Assert.Equal("bar", TestBackends.Field(bar.Body, "host"));
        Assert.Equal("main", TestBackends.Field(wildcard.Body, "backend"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact] // serveralias.go "should return status code 200 for hosts defined in two ingresses, different path with one alias"
    public async Task A_rule_host_wins_over_an_alias_of_the_same_name_with_a_warning()
    {
        await using var gateway = await StartAsync(o => o.Ingresses.Add(Ingresses.Single("real", "bar", "/", "real")));

        var bar = await GetAsync(gateway, "http://bar/");

        Assert.Equal("real", TestBackends.Field(bar.Body, "backend"));
        Assert.Contains(gateway.Runtime.Current.Diagnostics, d => d.Name == "main" && d.Message.Contains("server-alias bar of host foo is a host of its own", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_alias_is_served_its_hosts_certificate_and_redirected_to_https_like_its_host()
    {
        await using var gateway = await StartAsync(https: true);

        var redirect = await GetAsync(gateway, "http://bar/x");
        Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.Status);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "bar" });
        Assert.Equal("CN=foo", tls.RemoteCertificate!.Subject);
    }
}
