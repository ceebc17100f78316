using IngressCore.Annotations.Tests.Support;
using IngressCore.Diagnostics;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// upstream-vhost, backend-protocol, proxy-body-size, proxy-*-timeout, custom-http-errors,
/// default-backend. Cases from kubernetes/ingress-nginx test/e2e/annotations/upstreamvhost.go,
/// backendprotocol.go, proxy.go, customhttperrors.go, default_backend.go and the unit tests beside
/// each parser (internal/ingress/annotations/*/main_test.go).
/// </summary>
public sealed class BackendTests
{
    [Theory]
    [InlineData("upstreamvhost.bar.com")]          // upstreamvhost.go
    [InlineData("svc.ns.svc.cluster.local:8080")]
    [InlineData("10.0.0.1")]
    [InlineData("Internal_Host")]
    public void Upstream_vhost_is_a_host(string value)
    {
        var parsed = Annotated.Parse(("upstream-vhost", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(value, parsed.Result.UpstreamVhost);
    }

    [Theory]
    [InlineData("$host")]                     // nginx would expand it: not supported
    [InlineData("$service_name.svc")]
    [InlineData("a b")]
    [InlineData("a.com/x")]
    [InlineData("a.com:0")]
    [InlineData("a.com:65536")]
    [InlineData("-a.com")]
    [InlineData("~^www\\d+\\.example\\.com$")] // ValidateServerName takes regex characters
    [InlineData("a.com\"; proxy_pass http://evil")]
    public void Other_upstream_vhosts_are_errors(string value) =>
        Assert.True(Annotated.Parse(("upstream-vhost", value)).HasErrorOn("upstream-vhost"));

    [Theory]
    [InlineData("HTTPS", nameof(BackendProtocol.Https))]       // backendprotocol.go
    [InlineData("https", nameof(BackendProtocol.Https))]       // backendprotocol.go "lowercase annotation"
    [InlineData("AUTO_HTTP", nameof(BackendProtocol.AutoHttp))]
    [InlineData("GRPC", nameof(BackendProtocol.Grpc))]
    [InlineData("GRPCS", nameof(BackendProtocol.Grpcs))]
    [InlineData(" http ", nameof(BackendProtocol.Http))]       // ValidateOptions trims
    [InlineData("H2C", nameof(BackendProtocol.H2c))]           // IngressCore's own
    public void Backend_protocols(string value, string expected)
    {
        var parsed = Annotated.Parse(("backend-protocol", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(Enum.Parse<BackendProtocol>(expected), parsed.Result.BackendProtocol);
    }

    [Fact]
    public void FastCGI_is_parsed_with_a_warning_that_the_forwarder_does_not_speak_it()
    {
        var parsed = Annotated.Parse(("backend-protocol", "FCGI"));

        Assert.Equal(BackendProtocol.Fcgi, parsed.Result.BackendProtocol);
        Assert.False(parsed.Result.HasErrors);
        Assert.Contains(parsed.Warnings, d => d.Field == Annotated.Field("backend-protocol") && d.Message.Contains("502", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("h2")]
    [InlineData("TLS")]        // ingress-nginx would silently speak plain HTTP
    [InlineData("HTTP2")]
    [InlineData("auto-http")]
    public void Unknown_backend_protocols_are_errors(string value) =>
        Assert.True(Annotated.Parse(("backend-protocol", value)).HasErrorOn("backend-protocol"));

    [Theory]
    [InlineData("8m", 8L << 20)]                // proxy.go "should set proxy client-max-body-size to 8m"
    [InlineData("1024", 1024L)]
    [InlineData("10k", 10L << 10)]
    [InlineData("10K", 10L << 10)]
    [InlineData("1G", 1L << 30)]
    [InlineData(" 50m ", 50L << 20)]
    [InlineData("8589934591g", 8589934591L << 30)]
    public void Body_sizes_are_nginx_sizes(string value, long bytes)
    {
        var parsed = Annotated.Parse(("proxy-body-size", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(bytes, parsed.Result.ProxyBodySize!.LimitBytes);
        Assert.False(parsed.Result.ProxyBodySize.IsUnlimited);
    }

    [Fact]
    public void A_body_size_of_zero_is_unlimited()
    {
        var size = Annotated.Parse(("proxy-body-size", "0")).Result.ProxyBodySize!;

        Assert.True(size.IsUnlimited);
        Assert.Null(size.LimitBytes);
    }

    [Theory]
    [InlineData("15r")]                     // proxy.go "should not set proxy client-max-body-size to incorrect value"
    [InlineData("10b")]                     // passes ingress-nginx's validator, then silently dropped
    [InlineData("1.5m")]
    [InlineData("-1m")]
    [InlineData("+1m")]
    [InlineData("1e6")]
    [InlineData("1mb")]
    [InlineData("1 0m")]
    [InlineData("m")]
    [InlineData("8589934592g")]             // 2^63 bytes: overflow
    [InlineData("99999999999999999999")]
    public void Other_body_sizes_are_errors(string value) =>
        Assert.True(Annotated.Parse(("proxy-body-size", value)).HasErrorOn("proxy-body-size"));

    [Fact]
    public void Timeouts_are_whole_seconds()
    {
        // proxy.go "should set valid proxy timeouts".
        var parsed = Annotated.Parse(("proxy-connect-timeout", "50"), ("proxy-send-timeout", "20"), ("proxy-read-timeout", "3600"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(TimeSpan.FromSeconds(50), parsed.Result.ProxyTimeouts!.Connect);
        Assert.Equal(TimeSpan.FromSeconds(20), parsed.Result.ProxyTimeouts.Send);
        Assert.Equal(TimeSpan.FromHours(1), parsed.Result.ProxyTimeouts.Read);
    }

    [Fact]
    public void An_absent_timeout_is_null()
    {
        var timeouts = Annotated.Parse(("proxy-read-timeout", "120")).Result.ProxyTimeouts!;

        Assert.Null(timeouts.Connect);
        Assert.Null(timeouts.Send);
        Assert.Equal(TimeSpan.FromMinutes(2), timeouts.Read);
    }

    [Theory]
    [InlineData("50k")]                     // proxy.go "should not set invalid proxy timeouts"
    [InlineData("20s")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("2147483648")]
    [InlineData("")]
    public void Other_timeouts_are_not_used(string value)
    {
        var parsed = Annotated.Parse(("proxy-read-timeout", value));

        Assert.Null(parsed.Result.ProxyTimeouts);
        Assert.Equal(value.Length > 0, parsed.HasErrorOn("proxy-read-timeout"));
    }

    [Theory]
    [InlineData("404,503", new[] { 404, 503 })]           // customhttperrors.go
    [InlineData("404, 503", new[] { 404, 503 })]          // customhttperrors.go "404, 503"
    [InlineData("503", new[] { 503 })]
    [InlineData("400,599,400,", new[] { 400, 599 })]
    public void Custom_http_errors_are_codes_from_400_to_599(string value, int[] codes)
    {
        var parsed = Annotated.Parse(("custom-http-errors", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(codes, parsed.Result.CustomHttpErrors);
    }

    [Theory]
    [InlineData("200")]
    [InlineData("600")]
    [InlineData("40")]
    [InlineData("4044")]
    [InlineData(",12")]        // passes ingress-nginx's [4,5]\d{2} class
    [InlineData("404;503")]
    [InlineData("4O4")]
    public void Other_custom_http_errors_are_errors(string value) =>
        Assert.True(Annotated.Parse(("custom-http-errors", value)).HasErrorOn("custom-http-errors"));

    [Theory]
    [InlineData("error-pages")]
    [InlineData("a")]
    [InlineData("custom-default-backend")]
    public void Default_backend_is_a_service_name(string value) =>
        Assert.Equal(value, Annotated.Parse(("default-backend", value)).Result.DefaultBackendService);

    [Theory]
    [InlineData("Error-Pages")]
    [InlineData("other/error-pages")]     // no cross-namespace reference
    [InlineData("1pages")]
    [InlineData("pages_x")]
    [InlineData("pages-")]
    public void Other_default_backends_are_errors(string value) =>
        Assert.True(Annotated.Parse(("default-backend", value)).HasErrorOn("default-backend"));

    [Theory]
    [InlineData("a b", "has the character ' ' in its host; upstream-vhost is a host name with an optional :port")]
    [InlineData("a.com:0", "has an invalid port (1-65535 are allowed); upstream-vhost is a host name with an optional :port")]
    public void Upstream_vhost_refusals_say_why(string value, string reason)
    {
        var error = Annotated.Parse(("upstream-vhost", value)).SingleErrorOn("upstream-vhost");

        Assert.Equal($"'{value}' {reason}", error.Message);
    }

    [Fact]
    public void An_unknown_backend_protocol_lists_the_known_ones()
    {
        var error = Annotated.Parse(("backend-protocol", "TLS")).SingleErrorOn("backend-protocol");

        Assert.Equal("'TLS' is not a backend protocol; use HTTP, HTTPS, AUTO_HTTP, GRPC, GRPCS, FCGI or H2C", error.Message);
    }

    [Theory]
    [InlineData("proxy-connect-timeout")]
    [InlineData("proxy-send-timeout")]
    public void Any_one_timeout_alone_is_kept(string name)
    {
        var timeouts = Annotated.Parse((name, "9")).Result.ProxyTimeouts!;

        Assert.Equal(TimeSpan.FromSeconds(9), name == "proxy-connect-timeout" ? timeouts.Connect : timeouts.Send);
        Assert.Null(timeouts.Read);
    }

    [Fact]
    public void A_bad_custom_http_error_entry_is_named()
    {
        var error = Annotated.Parse(("custom-http-errors", "404, 4O4")).SingleErrorOn("custom-http-errors");

        Assert.Equal("'404, 4O4' has the entry '4O4'; each entry must be an HTTP status code from 400 to 599", error.Message);
    }

    [Fact]
    public void Custom_http_errors_listing_no_code_are_ignored_with_a_warning()
    {
        var parsed = Annotated.Parse(("custom-http-errors", " , ,"));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(Annotated.Field("custom-http-errors"), warning.Field);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("lists no status code; the annotation is ignored", warning.Message);
        Assert.Null(parsed.Result.CustomHttpErrors);
    }

    [Fact]
    public void A_default_backend_refusal_names_the_Service_name_grammar()
    {
        var error = Annotated.Parse(("default-backend", "1pages")).SingleErrorOn("default-backend");

        Assert.StartsWith("the Service name '1pages' must be a lower-case RFC 1035 label", error.Message, StringComparison.Ordinal);
    }
}
