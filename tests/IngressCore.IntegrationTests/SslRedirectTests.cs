using System.Net;
using Microsoft.AspNetCore.Builder;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.IntegrationTests.Support;
using IngressCore.Matching;
using IngressCore.Model;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.IntegrationTests;

/// <summary>Hosts shaped like the ingress-nginx e2e tests for ssl-redirect, on one gateway with HTTP and HTTPS.</summary>
public sealed class SslRedirectFixture : IAsyncLifetime
{
    internal Gateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gateway = await Gateway.StartAsync(
            o =>
            {
                // test/e2e/annotations/forcesslredirect.go: no TLS section, force-ssl-redirect.
                o.Ingresses.Add(Ingresses.Single("forcesslredirect", "forcesslredirect.bar.com", "/", "http-svc",
                    annotations: Ingresses.Nginx(("force-ssl-redirect", "true"))));
                // test/e2e/annotations/preservetrailingslash.go: TLS host, ssl-redirect and preserve-trailing-slash.
                o.Ingresses.Add(Ingresses.Single("preservetrailingslash", "preservetrailingslash.bar.com", "/", "http-svc",
                    annotations: Ingresses.Nginx(("ssl-redirect", "true"), ("preserve-trailing-slash", "true")),
                    tlsHosts: ["preservetrailingslash.bar.com"]));
                // test/e2e/ssl/http_redirect.go: a TLS section whose Secret does not exist.
                o.Ingresses.Add(Ingresses.Single("redirect", "redirect.com", "/", "http-svc", tlsHosts: ["redirect.com"]));
                // test/e2e/settings/tls.go: a TLS host with its Secret.
                o.Ingresses.Add(Ingresses.Single("settings-tls", "settings-tls", "/", "http-svc", tlsHosts: ["settings-tls"]));
                o.TlsSecrets.Add(TestCertificates.Secret("default", "settings-tls", "settings-tls"));
                o.Ingresses.Add(Ingresses.Single("plain", "plain.example.com", "/", "http-svc"));
                o.Ingresses.Add(Ingresses.Single("optout", "optout.example.com", "/", "http-svc",
                    annotations: Ingresses.Nginx(("ssl-redirect", "false")), tlsHosts: ["optout.example.com"]));
                o.Ingresses.Add(Ingresses.Single("not-a-bool", "not-a-bool.example.com", "/", "http-svc",
                    annotations: Ingresses.Nginx(("force-ssl-redirect", "yes"))));
                o.Ingresses.Add(Ingresses.Single("tenants", "*.tenant.example.com", "/", "http-svc", tlsHosts: ["*.tenant.example.com"]));
                // cert-manager's HTTP-01 solver Ingress beside the site's own TLS Ingress.
                o.Ingresses.Add(Ingresses.Single("site", "acme.example.com", "/", "http-svc", tlsHosts: ["acme.example.com"]));
                o.Ingresses.Add(Ingresses.Single("acme-solver", "acme.example.com", "/.well-known/acme-challenge/token123", "cm-acme-http-solver",
                    pathType: PathType.Exact));
                // Two Ingresses on one host: TLS is a property of the host (the server), not of the Ingress.
                o.Ingresses.Add(Ingresses.Single("shared-a", "shared.example.com", "/a", "http-svc"));
                o.Ingresses.Add(Ingresses.Single("shared-b", "shared.example.com", "/b", "http-svc", tlsHosts: ["shared.example.com"]));
            },
            app =>
            {
                app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc"));
                app.MapIngressBackend("cm-acme-http-solver", b => TestBackends.Echo(b, "acme-solver"));
            },
            https: true);
    }

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

public sealed class SslRedirectTests(SslRedirectFixture fixture) : IClassFixture<SslRedirectFixture>
{
    private readonly HttpClient _client = fixture.Gateway.Client();

    private async Task<HttpResponseMessage> GetAsync(string url, string? hostHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url));
        if (hostHeader is not null)
        {
            request.Headers.Host = hostHeader;
        }

        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task Force_ssl_redirect_redirects_a_host_without_tls()
    {
        // test/e2e/annotations/forcesslredirect.go "should redirect to https"
        using var response = await GetAsync("http://forcesslredirect.bar.com/");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://forcesslredirect.bar.com", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Preserve_trailing_slash_keeps_the_slash()
    {
        // test/e2e/annotations/preservetrailingslash.go "should allow preservation of trailing slashes"
        using var response = await GetAsync("http://preservetrailingslash.bar.com/");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://preservetrailingslash.bar.com/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_tls_section_whose_secret_is_missing_still_redirects()
    {
        // test/e2e/ssl/http_redirect.go "should redirect from HTTP to HTTPS when secret is missing"
        using var response = await GetAsync("http://redirect.com/");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://redirect.com", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("settings-tls")]
    [InlineData("settings-tls:80")]
    [InlineData("SETTINGS-TLS:8080")]
    public async Task The_redirect_drops_the_port_of_the_host(string host)
    {
        // test/e2e/settings/tls.go "should not use ports during the HTTP to HTTPS redirection"
        using var response = await GetAsync("http://settings-tls/", host);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"https://{host.Split(':')[0]}", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/", "https://redirect.com")]
    [InlineData("/a/", "https://redirect.com/a")]
    [InlineData("/a//", "https://redirect.com/a/")]
    [InlineData("/a/?q=1", "https://redirect.com/a/?q=1")]
    [InlineData("/x?q=1", "https://redirect.com/x?q=1")]
    [InlineData("/x?next=/", "https://redirect.com/x?next=")]
    [InlineData("/caf%C3%A9?a=%2F", "https://redirect.com/caf%C3%A9?a=%2F")]
    public async Task The_location_is_the_request_uri_as_sent_with_one_trailing_slash_removed(string target, string location)
    {
        // docs/annotations.md: $request_uri including the query, its last byte dropped when it is '/'.
        var response = await Curl.GetAsync(fixture.Gateway.HttpPort, "redirect.com", target);

        Assert.Equal(308, response.Status);
        Assert.Equal(location, response.Header("Location"));
    }

    [Theory]
    [InlineData("http://plain.example.com/")]
    [InlineData("http://optout.example.com/")]
    [InlineData("https://redirect.com/")]
    [InlineData("https://settings-tls/a/")]
    public async Task Requests_are_served_when_no_redirect_applies(string url)
    {
        using var response = await GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_Ingress_with_an_invalid_redirect_switch_is_refused_whole_not_served_with_a_default()
    {
        // docs/annotations.md, "What an invalid value does": "yes" is no Go boolean; the Ingress never half-applies, so its host is unknown.
        using var response = await GetAsync("http://not-a-bool.example.com/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_one_label_wildcard_tls_host_redirects_its_subdomains_only()
    {
        using var covered = await GetAsync("http://acme-corp.tenant.example.com/x");
        using var twoLabels = await GetAsync("http://a.b.tenant.example.com/x");

        Assert.Equal(HttpStatusCode.PermanentRedirect, covered.StatusCode);
        Assert.Equal("https://acme-corp.tenant.example.com/x", covered.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, twoLabels.StatusCode);
    }

    [Fact]
    public async Task The_acme_challenge_path_is_answered_over_http_while_the_rest_of_the_host_redirects()
    {
        // The no-tls-redirect-locations default (test/e2e/settings/no_tls_redirect_locations.go sets it).
        using var challenge = await GetAsync("http://acme.example.com/.well-known/acme-challenge/token123");
        using var site = await GetAsync("http://acme.example.com/");

        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal("acme-solver", TestBackends.Field(await challenge.Content.ReadAsStringAsync(), "backend"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, site.StatusCode);
    }

    [Fact]
    public async Task Tls_on_one_ingress_of_a_host_redirects_the_paths_of_the_others_too()
    {
        // docs/matching.md: the certificate belongs to the server (host), from any of its Ingresses.
        using var response = await GetAsync("http://shared.example.com/a");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://shared.example.com/a", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_redirect_is_a_308_with_an_empty_body_and_no_hsts()
    {
        using var response = await GetAsync("http://redirect.com/a");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}

/// <summary>The global switches, each on a gateway of its own.</summary>
public sealed class SslRedirectOptionsTests
{
    private static Task<Gateway> StartAsync(params Action<GatewaySetup>[] configure) =>
        Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("plain", "plain.example.com", "/", "http-svc"));
                o.Ingresses.Add(Ingresses.Single("secure", "secure.example.com", "/", "http-svc", tlsHosts: ["secure.example.com"]));
                foreach (var c in configure)
                {
                    c(o);
                }
            },
            app => app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc")));

    [Fact]
    public async Task Force_ssl_redirect_and_the_redirect_code_apply_to_every_host()
    {
        await using var gateway = await StartAsync(o => o.Options.ForceSslRedirect = true, o => o.Options.HttpRedirectCode = 301);

        using var response = await gateway.Client().GetAsync(new Uri("http://plain.example.com/a/"));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://plain.example.com/a", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Ssl_redirect_off_serves_tls_hosts_over_http_and_preserve_trailing_slash_is_global()
    {
        await using var off = await StartAsync(o => o.Options.SslRedirect = false);
        await using var preserve = await StartAsync(o => o.Options.PreserveTrailingSlash = true);

        using var served = await off.Client().GetAsync(new Uri("http://secure.example.com/"));
        using var redirected = await preserve.Client().GetAsync(new Uri("http://secure.example.com/a/"));

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("https://secure.example.com/a/", redirected.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unsupported_redirect_code_fails_at_startup()
    {
        var failed = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var gateway = await StartAsync(o => o.Options.HttpRedirectCode = 200);
        });
        Assert.Contains("HttpRedirectCode is 200; it must be 301, 302, 307 or 308", failed.Message, StringComparison.Ordinal);
    }
}
