using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using IngressCore.IntegrationTests.Support;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Auth;

/// <summary>
/// auth-tls-* through real TLS: Kestrel asking for client certificates per SNI host, curl sending
/// certificates made with openssl; after kubernetes/ingress-nginx test/e2e/annotations/authtls.go.
/// </summary>
[Collection(AuthBackends.Collection)]
public sealed class ClientCertificateTests
{
    private const string Host = "authtls.foo.com";
    private static OpenSslPki Pki => OpenSslPki.Shared.Value;

    private static Task<Gateway> StartAsync(Action<GatewaySetup>? more, params (string Name, string Value)[] annotations) =>
        Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("app", Host, "/", "app", annotations: Ingresses.Nginx([("auth-tls-secret", "default/ca-secret"), .. annotations]), tlsHosts: [Host]));
                o.TlsSecrets.Add(TestCertificates.Secret("default", "app", Host, "other.foo.com"));
                o.Secrets.Add(Pki.CaSecret("default", "ca-secret"));
                more?.Invoke(o);
            },
            app => app.MapIngressBackend("app", b => AuthBackends.Protected(b, "app")),
            https: true);

    /// <summary>curl over TLS to the gateway, with the client certificate <paramref name="certificate"/> (or none).</summary>
    private static Task<CurlResponse> CurlAsync(Gateway gateway, string? certificate, string host = Host, string? serverName = null, params string[] extra)
    {
        var sni = serverName ?? host;
        List<string> args = ["--max-time", "15", "-k", "--resolve", $"{sni}:{gateway.HttpsPort}:127.0.0.1", "-H", $"Host: {host}", .. extra];
        if (certificate is not null)
        {
            args.AddRange(["--cert", certificate == "deep" ? Path.Combine(Pki.Directory, "deep-chain.crt") : Pki.Cert(certificate), "--key", Pki.Key(certificate)]);
        }

        args.Add($"https://{sni}:{gateway.HttpsPort}/");
        return Curl.RunAsync(args);
    }

    [Fact] // authtls.go "should set sslClientCertificate, sslVerifyClient and sslVerifyDepth with auth-tls-secret"
    public async Task With_verify_on_a_certificate_of_the_CA_is_required_and_its_names_go_upstream()
    {
        await using var gateway = await StartAsync(null);

        var without = await CurlAsync(gateway, null);
        var with = await CurlAsync(gateway, "client");

        Assert.Equal(400, without.Status);
        Assert.Equal(200, with.Status);
        Assert.Equal("SUCCESS", AuthBackends.Header(with.Body, "ssl-client-verify"));
        Assert.Equal(Pki.Subject("client"), AuthBackends.Header(with.Body, "ssl-client-subject-dn"));
        Assert.Equal("CN=client,O=Example\\, Org,C=DE", AuthBackends.Header(with.Body, "ssl-client-subject-dn"));
        Assert.Equal(Pki.Issuer("client"), AuthBackends.Header(with.Body, "ssl-client-issuer-dn"));
        Assert.Null(AuthBackends.Header(with.Body, "ssl-client-cert"));
    }

    [Theory]
    [InlineData("stranger")]     // another CA
    [InlineData("server-only")]  // an extended key usage without client authentication
    [InlineData("deep")]         // one CA more than the default depth of 1
    public async Task Certificates_that_do_not_verify_are_400(string certificate)
    {
        await using var gateway = await StartAsync(null);
        var before = AuthBackends.Reached;

        var response = await CurlAsync(gateway, certificate);

        Assert.Equal(400, response.Status);
        Assert.Equal(before, AuthBackends.Reached);
    }

    [Fact]
    public async Task A_verify_depth_of_2_takes_a_certificate_issued_through_an_intermediate()
    {
        await using var gateway = await StartAsync(null, ("auth-tls-verify-depth", "2"));

        var response = await CurlAsync(gateway, "deep");

        Assert.Equal(200, response.Status);
        Assert.Equal("CN=deep", AuthBackends.Header(response.Body, "ssl-client-subject-dn"));
    }

    [Fact]
    public async Task An_expired_certificate_is_400()
    {
        // The gateway's clock, two years on: the openssl certificate (365 days) has expired.
        await using var gateway = await StartAsync(o => o.Time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(2)));

        var response = await CurlAsync(gateway, "client");

        Assert.Equal(400, response.Status);
    }

    [Fact] // authtls.go "should validate auth-tls-verify-client"
    public async Task Optional_takes_no_certificate_but_refuses_a_bad_one_and_optional_no_ca_takes_any()
    {
        await using var optional = await StartAsync(null, ("auth-tls-verify-client", "optional"));
        await using var noCa = await StartAsync(null, ("auth-tls-verify-client", "optional_no_ca"));

        var none = await CurlAsync(optional, null);
        var bad = await CurlAsync(optional, "stranger");
        var untrusted = await CurlAsync(noCa, "stranger");

        Assert.Equal(200, none.Status);
        Assert.Equal("NONE", AuthBackends.Header(none.Body, "ssl-client-verify"));
        Assert.Null(AuthBackends.Header(none.Body, "ssl-client-subject-dn"));
        Assert.Equal(400, bad.Status);
        Assert.Equal(200, untrusted.Status);
        Assert.StartsWith("FAILED:", AuthBackends.Header(untrusted.Body, "ssl-client-verify"), StringComparison.Ordinal);
        Assert.Equal("CN=stranger", AuthBackends.Header(untrusted.Body, "ssl-client-subject-dn"));
    }

    [Fact] // authtls.go "should set valid auth-tls-secret, sslVerify to off, and sslVerifyDepth to 2"
    public async Task Off_asks_for_no_certificate()
    {
        await using var gateway = await StartAsync(null, ("auth-tls-verify-client", "off"));

        var response = await CurlAsync(gateway, null);

        Assert.Equal(200, response.Status);
    }

    [Fact] // authtls.go "should pass URL-encoded certificate to upstream"
    public async Task The_certificate_goes_upstream_url_encoded_when_asked()
    {
        await using var gateway = await StartAsync(null, ("auth-tls-pass-certificate-to-upstream", "true"));

        var response = await CurlAsync(gateway, "client");

        var sent = AuthBackends.Header(response.Body, "ssl-client-cert")!;
        Assert.StartsWith("-----BEGIN%20CERTIFICATE-----%0A", sent, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Pki.Cert("client")).Replace("\r", "", StringComparison.Ordinal), Uri.UnescapeDataString(sent));
    }

    [Fact]
    public async Task A_clients_own_ssl_client_headers_never_reach_the_backend()
    {
        await using var gateway = await StartAsync(null, ("auth-tls-verify-client", "optional"));

        var response = await CurlAsync(gateway, null, extra: ["-H", "ssl-client-verify: SUCCESS", "-H", "ssl-client-subject-dn: CN=admin", "-H", "ssl-client-cert: forged"]);

        Assert.Equal("NONE", AuthBackends.Header(response.Body, "ssl-client-verify"));
        Assert.Null(AuthBackends.Header(response.Body, "ssl-client-subject-dn"));
        Assert.Null(AuthBackends.Header(response.Body, "ssl-client-cert"));
    }

    [Theory] // authtls.go auth-tls-match-cn cases
    [InlineData("CN=notgonnamatch", 403)]
    [InlineData("CN=client", 200)]
    [InlineData("CN=(itwillmatch|withthenextoption|client)", 200)]
    public async Task Match_cn_checks_the_subject(string pattern, int status)
    {
        await using var gateway = await StartAsync(null, ("auth-tls-match-cn", pattern));

        var response = await CurlAsync(gateway, "client");

        Assert.Equal(status, response.Status);
    }

    [Fact] // authtls.go "should 302 redirect to error page instead of 400 when auth-tls-error-page is set"
    public async Task The_error_page_takes_a_refused_certificate()
    {
        await using var gateway = await StartAsync(null, ("auth-tls-error-page", "http://errors.foo.com/error"));

        var response = await CurlAsync(gateway, null);

        Assert.Equal(302, response.Status);
        Assert.Equal("http://errors.foo.com/error", response.Header("Location"));
    }

    [Fact]
    public async Task An_error_page_path_is_served_by_its_own_location()
    {
        await using var gateway = await StartAsync(
            o => o.Ingresses.Add(Ingresses.Single("errors", Host, "/cert-error", "app")),
            ("auth-tls-error-page", "/cert-error"));

        var response = await CurlAsync(gateway, "stranger");

        Assert.Equal(200, response.Status);
        Assert.Equal("/cert-error", TestBackends.Field(response.Body, "path"));
    }

    [Fact]
    public async Task A_missing_CA_Secret_or_one_with_a_revocation_list_refuses_the_host_with_403()
    {
        await using var missing = await Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("app", Host, "/", "app", annotations: Ingresses.Nginx(("auth-tls-secret", "ca-secret")), tlsHosts: [Host]));
                o.TlsSecrets.Add(TestCertificates.Secret("default", "app", Host));
            },
            app => app.MapIngressBackend("app", b => AuthBackends.Protected(b, "app")),
            https: true);
        await using var withCrl = await StartAsync(o => o.Secrets[0] = o.Secrets[0] with
        {
            Data = new Dictionary<string, byte[]>(o.Secrets[0].Data) { ["ca.crl"] = [1, 2, 3] },
        });

        Assert.Equal(403, (await CurlAsync(missing, "client")).Status);
        Assert.Equal(403, (await CurlAsync(withCrl, "client")).Status);
        Assert.Contains(withCrl.Runtime.Current.Diagnostics, d => d.Field == "data[ca.crl]");
    }

    [Fact]
    public async Task Plain_http_is_redirected_and_without_the_redirect_refused()
    {
        await using var redirecting = await StartAsync(null);
        await using var plain = await StartAsync(null, ("ssl-redirect", "false"));

        var redirected = await Curl.GetAsync(redirecting.HttpPort, Host, "/");
        var refused = await Curl.GetAsync(plain.HttpPort, Host, "/");

        Assert.Equal(308, redirected.Status);
        Assert.Equal(400, refused.Status);
    }

    [Fact]
    public async Task A_Host_whose_certificates_differ_from_the_server_names_is_421()
    {
        // other.foo.com has no client certificates: its handshake asks for none, so its connection
        // may not carry a request for authtls.foo.com.
        await using var gateway = await StartAsync(o => o.Ingresses.Add(Ingresses.Single("other", "other.foo.com", "/", "app", tlsHosts: ["other.foo.com"], secretName: "app")));

        var response = await CurlAsync(gateway, "client", host: Host, serverName: "other.foo.com");

        Assert.Equal(421, response.Status);
    }

    [Fact]
    public async Task A_host_without_client_certificates_is_not_asked_for_one()
    {
        await using var gateway = await StartAsync(o => o.Ingresses.Add(Ingresses.Single("other", "other.foo.com", "/", "app", tlsHosts: ["other.foo.com"], secretName: "app")));

        var response = await CurlAsync(gateway, null, host: "other.foo.com");

        Assert.Equal(200, response.Status);
        Assert.Null(AuthBackends.Header(response.Body, "ssl-client-verify"));
    }
}
