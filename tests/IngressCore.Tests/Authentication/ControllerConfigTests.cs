using System.Net;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Runtime;

namespace IngressCore.Tests.Authentication;

/// <summary>ingress-nginx's controller ConfigMap read into IngressRoutingOptions: typed, validated, unknown keys named.</summary>
public sealed class ControllerConfigTests
{
    private static (IngressControllerConfig Config, List<IngressDiagnostic> Diagnostics) Parse(params (string Key, string Value)[] data)
    {
        var diagnostics = new List<IngressDiagnostic>();
        var map = new ConfigMapDefinition { Namespace = "ingress-nginx", Name = "ingress-nginx-controller", Data = data.ToDictionary(d => d.Key, d => d.Value) };
        return (IngressControllerConfig.Parse(map, diagnostics), diagnostics);
    }

    [Fact]
    public void Settings_are_applied_to_the_options()
    {
        var (config, diagnostics) = Parse(
            ("ssl-redirect", "false"), ("force-ssl-redirect", "true"), ("preserve-trailing-slash", "true"), ("http-redirect-code", "301"),
            ("no-tls-redirect-locations", "/.well-known/acme-challenge, /health"), ("hsts", "true"), ("hsts-max-age", "600"),
            ("hsts-include-subdomains", "false"), ("hsts-preload", "true"), ("proxy-body-size", "8m"), ("proxy-connect-timeout", "3"),
            ("proxy-read-timeout", "30"), ("proxy-send-timeout", "20"), ("custom-http-errors", "502, 503,503"),
            ("limit-req-status-code", "429"), ("limit-conn-status-code", "430"), ("no-auth-locations", "/public"),
            ("use-forwarded-headers", "true"), ("proxy-real-ip-cidr", "10.0.0.0/8, 192.168.1.1"), ("allow-snippet-annotations", "false"));
        var options = new IngressRoutingOptions();

        config.ApplyTo(options);

        Assert.Empty(diagnostics);
        Assert.False(options.SslRedirect);
        Assert.True(options.ForceSslRedirect);
        Assert.True(options.PreserveTrailingSlash);
        Assert.Equal(301, options.HttpRedirectCode);
        Assert.Equal(["/.well-known/acme-challenge", "/health"], options.NoTlsRedirectLocations);
        Assert.Equal("max-age=600; preload", options.Hsts.ToHeaderValue());
        Assert.Equal(8 * 1024 * 1024, options.ProxyBodySize);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ExternalAuth.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ExternalAuth.ReadTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), config.ProxySendTimeout);
        Assert.Equal([502, 503], options.CustomHttpErrors);
        Assert.Equal(429, options.LimitRequestStatusCode);
        Assert.Equal(430, options.LimitConnectionStatusCode);
        Assert.Equal(["/public"], options.NoAuthLocations);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("192.168.1.1/32")], options.TrustedNetworks);
    }

    [Fact]
    public void Use_forwarded_headers_without_real_ip_cidr_trusts_everyone_as_ingress_nginx_does()
    {
        var (config, _) = Parse(("use-forwarded-headers", "true"));
        var options = new IngressRoutingOptions();

        config.ApplyTo(options);

        Assert.Equal([IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")], options.TrustedNetworks);
    }

    [Fact]
    public void A_zero_proxy_body_size_is_no_limit()
    {
        var (config, _) = Parse(("proxy-body-size", "0"));
        var options = new IngressRoutingOptions();

        config.ApplyTo(options);

        Assert.Equal(long.MaxValue, options.ProxyBodySize);
    }

    [Theory]
    [InlineData("ssl-redirect", "yes")]
    [InlineData("http-redirect-code", "303")]
    [InlineData("hsts-max-age", "-1")]
    [InlineData("proxy-body-size", "10b")]
    [InlineData("proxy-read-timeout", "0")]
    [InlineData("custom-http-errors", "404,200")]
    [InlineData("limit-req-status-code", "200")]
    [InlineData("proxy-real-ip-cidr", "10.0.0.0/33")]
    [InlineData("no-auth-locations", "health")]
    [InlineData("use-forwarded-headers", "true\nmore")]
    [InlineData("global-auth-url", "http://auth.example.com/verify")]
    [InlineData("global-auth-signin", "http://auth.example.com/start")]
    public void Invalid_values_and_global_auth_are_errors_naming_the_key(string key, string value)
    {
        var (config, diagnostics) = Parse((key, value));

        Assert.True(config.HasErrors);
        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal($"data[{key}]", error.Field);
        Assert.Equal("ingress-nginx/ingress-nginx-controller", error.ObjectName);
        Assert.Throws<InvalidOperationException>(() => config.ApplyTo(new IngressRoutingOptions()));
    }

    [Fact]
    public void Unknown_and_unapplied_keys_are_warnings_by_name()
    {
        var (config, diagnostics) = Parse(("use-gzip", "true"), ("proxy-buffer-size", "8k"), ("ssl-redirct", "false"), ("allow-snippet-annotations", "true"));

        Assert.False(config.HasErrors);
        Assert.Equal(4, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Contains(diagnostics, d => d.Field == "data[ssl-redirct]" && d.Message.Contains("not an ingress-nginx setting IngressCore knows", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Field == "data[use-gzip]" && d.Message.Contains("does not apply", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Field == "data[allow-snippet-annotations]" && d.Message.Contains("stay refused", StringComparison.Ordinal));
    }
}
