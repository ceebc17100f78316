using System.Net;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Model;
using IngressCore.IntegrationTests.Support;
using IngressCore.Proxy.Tests.Support;
using Microsoft.AspNetCore.Http;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>backend-protocol HTTPS, and proxy-ssl-* verifying the backend's certificate against the Secret's ca.crt.</summary>
public sealed class BackendTlsTests
{
    [Theory]
    [InlineData(null, null, HttpStatusCode.OK, "")]                                  // HTTPS alone: nothing verified, no SNI (nginx's defaults)
    [InlineData("backend.internal", "on", HttpStatusCode.OK, "backend.internal")]      // verified, name sent as SNI
    [InlineData("backend.internal", "off", HttpStatusCode.OK, "")]                     // verified, no SNI
    [InlineData("other.internal", "on", HttpStatusCode.BadGateway, null)]              // the certificate does not carry that name
    public async Task The_backend_certificate_is_verified_by_name_and_CA(string? sslName, string? serverName, HttpStatusCode expected, string? sni)
    {
        var backendSecret = TestCertificates.Secret("default", "backend-tls", "backend.internal");
        using var backendCertificate = X509Certificate2.CreateFromPem(backendSecret.CertificatePem, backendSecret.PrivateKeyPem);
        await using var backend = await TestBackend.StartAsync("tls", context =>
            context.Response.WriteAsync($"backend=tls\nscheme={context.Request.Scheme}\n"), certificate: backendCertificate);
        var client = TestCertificates.Secret("default", "proxy-ssl", "gateway.client");
        var annotations = new List<(string, string)> { ("backend-protocol", "HTTPS") };
        if (sslName is not null)
        {
            annotations.AddRange([("proxy-ssl-secret", "default/proxy-ssl"), ("proxy-ssl-verify", "on"), ("proxy-ssl-name", sslName), ("proxy-ssl-server-name", serverName!)]);
        }

        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "tls.example", Nginx([.. annotations]), paths: [("/", "tls")])], [Service("tls")], Slices("tls", [backend]),
            secrets: [client with { CaCertificatePem = backendSecret.CertificatePem }]));

        using var response = await gateway.Client().GetAsync("http://tls.example/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("https", TestBackend.Field(body, "scheme"));
            Assert.Equal([sni!], backend.ServerNames);
        }
    }

    [Theory]
    [InlineData("backend.internal", HttpStatusCode.OK)]
    [InlineData("other.internal", HttpStatusCode.BadGateway)]
    public async Task GRPCS_verifies_the_backend_over_HTTP2(string sslName, HttpStatusCode expected)
    {
        var backendSecret = TestCertificates.Secret("default", "backend-tls", "backend.internal");
        using var backendCertificate = X509Certificate2.CreateFromPem(backendSecret.CertificatePem, backendSecret.PrivateKeyPem);
        await using var backend = await TestBackend.StartAsync("h2-tls", protocols: Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2, certificate: backendCertificate);
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "grpcs.example", Nginx(("backend-protocol", "GRPCS"), ("proxy-ssl-secret", "default/proxy-ssl"), ("proxy-ssl-verify", "on"), ("proxy-ssl-name", sslName)), paths: [("/", "h2-tls")])],
            [Service("h2-tls")], Slices("h2-tls", [backend]),
            secrets: [TestCertificates.Secret("default", "proxy-ssl", "gateway.client") with { CaCertificatePem = backendSecret.CertificatePem }]));

        using var response = await gateway.Client().GetAsync("http://grpcs.example/");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("HTTP/2", TestBackend.Field(await response.Content.ReadAsStringAsync(), "protocol"));
            Assert.Equal(["grpcs.example"], backend.ServerNames);   // SocketsHttpHandler sends the request's Host as SNI
        }
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_refused_and_a_missing_Secret_denies_the_location()
    {
        var backendSecret = TestCertificates.Secret("default", "backend-tls", "backend.internal");
        using var backendCertificate = X509Certificate2.CreateFromPem(backendSecret.CertificatePem, backendSecret.PrivateKeyPem);
        await using var backend = await TestBackend.StartAsync("tls", certificate: backendCertificate);
        var stranger = TestCertificates.Secret("default", "stranger", "backend.internal");
        var verify = Nginx(("backend-protocol", "HTTPS"), ("proxy-ssl-secret", "default/proxy-ssl"), ("proxy-ssl-verify", "on"), ("proxy-ssl-name", "backend.internal"));
        await using var wrongCa = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "tls.example", verify, paths: [("/", "tls")])], [Service("tls")], Slices("tls", [backend]),
            secrets: [TestCertificates.Secret("default", "proxy-ssl", "gateway.client") with { CaCertificatePem = stranger.CertificatePem }]));
        await using var noSecret = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "tls.example", verify, paths: [("/", "tls")])], [Service("tls")], Slices("tls", [backend])));

        using var refused = await wrongCa.Client().GetAsync("http://tls.example/");
        using var denied = await noSecret.Client().GetAsync("http://tls.example/");

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, denied.StatusCode);
        Assert.Equal(0, backend.Requests);
    }
}
