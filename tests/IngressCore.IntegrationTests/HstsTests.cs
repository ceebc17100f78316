using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.IntegrationTests.Support;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.IntegrationTests;

/// <summary>
/// Strict-Transport-Security on HTTPS responses, through a real TLS listener wired by
/// <c>AddIngressRouting</c> + <c>UseIngressTls()</c>. Cases from test/e2e/settings/tls.go
/// "should configure HSTS policy header".
/// </summary>
public sealed class HstsTests
{
    private const string Host = "settings-tls";

    private static Task<Gateway> StartAsync(Action<IngressHstsOptions>? hsts = null, bool sslRedirect = true) =>
        Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("settings-tls", Host, "/", "http-svc", tlsHosts: [Host]));
                o.TlsSecrets.Add(TestCertificates.Secret("default", "settings-tls", Host));
                o.Options.SslRedirect = sslRedirect;
                hsts?.Invoke(o.Options.Hsts);
            },
            app =>
            {
                app.MapIngressBackend("http-svc", b => b.Run(context =>
                {
                    // The e2e echo backend sets its own HSTS header when asked (?hsts=true).
                    if (context.Request.Query.ContainsKey("hsts"))
                    {
                        context.Response.Headers.StrictTransportSecurity = "max-age=100";
                    }

                    return context.Response.WriteAsync("ok");
                }));
            },
            https: true);

    private static async Task<IReadOnlyList<string>> HstsAsync(Gateway gateway, string url)
    {
        using var response = await gateway.Client().GetAsync(new Uri(url));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? [.. values] : [];
    }

    [Fact]
    public async Task The_default_is_ingress_nginx_s_one_year_with_subdomains_and_no_preload()
    {
        await using var gateway = await StartAsync();

        Assert.Equal(["max-age=31536000; includeSubDomains"], await HstsAsync(gateway, $"https://{Host}/"));
    }

    [Theory]
    [InlineData(86400, true, false, "max-age=86400; includeSubDomains")]
    [InlineData(86400, false, false, "max-age=86400")]
    [InlineData(86400, false, true, "max-age=86400; preload")]
    public async Task Max_age_include_subdomains_and_preload_are_configurable(int maxAge, bool includeSubDomains, bool preload, string expected)
    {
        await using var gateway = await StartAsync(h =>
        {
            h.MaxAge = TimeSpan.FromSeconds(maxAge);
            h.IncludeSubDomains = includeSubDomains;
            h.Preload = preload;
        });

        Assert.Equal([expected], await HstsAsync(gateway, $"https://{Host}/"));
    }

    [Fact]
    public async Task The_header_replaces_the_one_the_backend_set()
    {
        // "overriding what's set from the upstream": exactly one header, the configured value.
        await using var gateway = await StartAsync(h =>
        {
            h.MaxAge = TimeSpan.FromSeconds(86400);
            h.IncludeSubDomains = false;
            h.Preload = true;
        });

        Assert.Equal(["max-age=86400; preload"], await HstsAsync(gateway, $"https://{Host}/?hsts=true"));
    }

    [Fact]
    public async Task Plain_http_responses_and_disabled_hsts_carry_no_header()
    {
        await using var disabled = await StartAsync(h => h.Enabled = false);
        await using var plain = await StartAsync(sslRedirect: false);

        Assert.Empty(await HstsAsync(disabled, $"https://{Host}/"));
        Assert.Empty(await HstsAsync(plain, $"http://{Host}/"));
    }

    [Fact]
    public async Task The_tls_listener_serves_the_secret_s_certificate_for_its_host_by_sni()
    {
        await using var gateway = await StartAsync();

        using var tcp = new TcpClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort, cancel.Token);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = Host, RemoteCertificateValidationCallback = (_, _, _, _) => true },
            cancel.Token);

        var certificate = Assert.IsType<X509Certificate2>(tls.RemoteCertificate, exactMatch: false);
        Assert.Equal($"CN={Host}", certificate.Subject);
    }
}
