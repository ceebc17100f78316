using System.Security.Authentication;
using IngressCore.Annotations.Tests.Support;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// The annotations the forwarder (IngressCore.Proxy) applies: load-balance, upstream-hash-by,
/// service-upstream, proxy-next-upstream*, proxy-buffering, proxy-request-buffering, proxy-ssl-*,
/// custom-headers. Cases from kubernetes/ingress-nginx internal/ingress/annotations/{loadbalancing,
/// upstreamhashby,proxy,proxyssl,customheaders}/main_test.go and test/e2e/annotations/{proxy,
/// proxyssl,upstreamhashby,customheaders}.go.
/// </summary>
public sealed class ForwardingTests
{
    [Theory]
    [InlineData("round_robin", "RoundRobin")]
    [InlineData("ewma", "Ewma")]
    [InlineData(" ewma ", "Ewma")]
    public void Load_balance_takes_round_robin_and_ewma(string value, string expected) =>
        Assert.Equal(expected, Annotated.Parse(("load-balance", value)).Result.LoadBalance.ToString());

    [Theory]
    [InlineData("chash", "is chosen by upstream-hash-by, not by load-balance; use round_robin or ewma here")]
    [InlineData("chashsubset", "is chosen by upstream-hash-by, not by load-balance; use round_robin or ewma here")]
    [InlineData("sticky_balanced", "is chosen by affinity: cookie and affinity-mode, not by load-balance; use round_robin or ewma here")]
    [InlineData("sticky_persistent", "is chosen by affinity: cookie and affinity-mode, not by load-balance; use round_robin or ewma here")]
    [InlineData("EWMA", "not a load-balancing algorithm")]        // ingress-nginx: case-sensitive options
    [InlineData("least_conn", "not a load-balancing algorithm")]
    public void Other_algorithms_are_errors_that_say_what_selects_them(string value, string hint)
    {
        var parsed = Annotated.Parse(("load-balance", value));

        var error = parsed.SingleErrorOn("load-balance");
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$request_uri", "RequestUri:request_uri")]
    [InlineData("$request_uri$host", "RequestUri:request_uri Host:host")]     // upstreamhashby.go "$request_uri$host"
    [InlineData("${remote_addr}-x", "RemoteAddr:remote_addr Literal:-x")]
    [InlineData("$binary_remote_addr", "RemoteAddr:binary_remote_addr")]
    [InlineData("$remote_addr", "RemoteAddr:remote_addr")]
    [InlineData("$uri", "Uri:uri")]
    [InlineData("$args", "Args:args")]
    [InlineData("$query_string", "Args:query_string")]
    [InlineData("$host", "Host:host")]
    [InlineData("$http_host", "Host:http_host")]
    [InlineData("$server_name", "Host:server_name")]
    [InlineData("$scheme", "Scheme:scheme")]
    [InlineData("$request_method", "RequestMethod:request_method")]
    [InlineData("$server_port", "ServerPort:server_port")]
    [InlineData("$http_x_user_id", "Header:x-user-id")]
    [InlineData("$cookie_session", "Cookie:session")]
    [InlineData("$arg_id", "QueryArgument:id")]
    [InlineData("tenant", "Literal:tenant")]
    public void Upstream_hash_by_is_read_into_literals_and_variables(string value, string parts)
    {
        var hashBy = Annotated.Parse(("upstream-hash-by", value)).Result.UpstreamHashBy!;

        Assert.Equal(parts, string.Join(' ', hashBy.Parts.Select(p => $"{p.Kind}:{p.Text}")));
    }

    [Theory]
    [InlineData("$remote_user")]
    [InlineData("$request_uri$")]
    [InlineData("${host")]
    [InlineData("$1")]
    [InlineData("a b")]
    [InlineData("$request_uri/x")]
    public void Upstream_hash_by_refuses_what_it_cannot_evaluate(string value) =>
        Assert.True(Annotated.Parse(("upstream-hash-by", value)).HasErrorOn("upstream-hash-by"));

    [Fact]
    public void Service_upstream_is_a_boolean()
    {
        Assert.True(Annotated.Parse(("service-upstream", "true")).Result.ServiceUpstream);
        Assert.True(Annotated.Parse(("service-upstream", "yes")).HasErrorOn("service-upstream"));
    }

    [Theory]
    [InlineData("error timeout", "Error, Timeout")]
    [InlineData("error timeout http_502 http_503 non_idempotent", "Error, Timeout, Http502, Http503, NonIdempotent")]
    [InlineData("http_404 http_429 invalid_header http_403 http_500 http_504", "InvalidHeader, Http500, Http504, Http403, Http404, Http429")]
    [InlineData("off", "None")]
    public void Proxy_next_upstream_takes_nginx_conditions(string value, string expected) =>
        Assert.Equal(expected, Annotated.Parse(("proxy-next-upstream", value)).Result.NextUpstream!.Conditions.ToString());

    [Theory]
    [InlineData("error off")]                // nginx lets off win silently
    [InlineData("error  timeout")]           // ingress-nginx's regex: single spaces
    [InlineData("error,timeout")]
    [InlineData("http_501")]
    [InlineData("Error")]
    public void Proxy_next_upstream_refuses_other_conditions(string value) =>
        Assert.True(Annotated.Parse(("proxy-next-upstream", value)).HasErrorOn("proxy-next-upstream"));

    [Fact]
    public void Next_upstream_tries_and_timeout_are_counts()
    {
        // proxy.go e2e "should build proxy next upstream": tries 5, timeout 5.
        var next = Annotated.Parse(("proxy-next-upstream-tries", "5"), ("proxy-next-upstream-timeout", "5")).Result.NextUpstream!;

        Assert.Null(next.Conditions);
        Assert.Equal(5, next.Tries);
        Assert.Equal(TimeSpan.FromSeconds(5), next.Timeout);
        Assert.True(Annotated.Parse(("proxy-next-upstream-tries", "-1")).HasErrorOn("proxy-next-upstream-tries"));
        Assert.True(Annotated.Parse(("proxy-next-upstream-timeout", "5s")).HasErrorOn("proxy-next-upstream-timeout"));
    }

    [Theory]
    [InlineData("proxy-buffering")]
    [InlineData("proxy-request-buffering")]
    public void Buffering_switches_are_on_or_off(string name)
    {
        Assert.True(Annotated.Parse((name, "on")).Result is var on && (name == "proxy-buffering" ? on.ProxyBuffering : on.ProxyRequestBuffering) == true);
        Assert.True(Annotated.Parse((name, "off")).Result is var off && (name == "proxy-buffering" ? off.ProxyBuffering : off.ProxyRequestBuffering) == false);
        Assert.True(Annotated.Parse((name, "ON")).HasErrorOn(name));
        Assert.True(Annotated.Parse((name, "true")).HasErrorOn(name));
    }

    [Fact]
    public void Proxy_ssl_settings_come_with_their_secret()
    {
        // proxyssl/main_test.go's full set.
        var ssl = Annotated.Parse(
            ("proxy-ssl-secret", "shop/demo-secret"), ("proxy-ssl-verify", "on"), ("proxy-ssl-verify-depth", "3"),
            ("proxy-ssl-name", "upstream.example.com"), ("proxy-ssl-server-name", "on"), ("proxy-ssl-protocols", "TLSv1.3 TLSv1.2")).Result.ProxySsl!;

        Assert.Equal("shop", ssl.SecretNamespace);
        Assert.Equal("demo-secret", ssl.Secret);
        Assert.True(ssl.Verify);
        Assert.Equal(3, ssl.VerifyDepth);
        Assert.Equal("upstream.example.com", ssl.ServerName);
        Assert.True(ssl.SendServerName);
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, ssl.Protocols);
    }

    [Fact]
    public void Proxy_ssl_defaults_are_nginxs()
    {
        var ssl = Annotated.Parse(("proxy-ssl-secret", "shop/demo-secret")).Result.ProxySsl!;

        Assert.False(ssl.Verify);
        Assert.Equal(1, ssl.VerifyDepth);
        Assert.Null(ssl.ServerName);
        Assert.False(ssl.SendServerName);
        Assert.Equal(SslProtocols.Tls12, ssl.Protocols);
    }

    [Theory]
    [InlineData("proxy-ssl-secret", "other/demo-secret")]   // another namespace: ingress-nginx denies the location
    [InlineData("proxy-ssl-secret", "demo-secret")]
    [InlineData("proxy-ssl-secret", "shop/Demo_Secret")]
    [InlineData("proxy-ssl-verify", "On")]
    [InlineData("proxy-ssl-verify", "true")]
    [InlineData("proxy-ssl-verify-depth", "0")]
    [InlineData("proxy-ssl-name", "a..b")]
    [InlineData("proxy-ssl-name", "$host")]
    [InlineData("proxy-ssl-server-name", "yes")]
    [InlineData("proxy-ssl-protocols", "TLSv1.1")]
    [InlineData("proxy-ssl-protocols", "SSLv3 TLSv1.2")]
    public void Proxy_ssl_values_are_checked(string name, string value)
    {
        var annotations = new Dictionary<string, string> { ["proxy-ssl-secret"] = "shop/demo-secret", [name] = value };

        Assert.True(Annotated.Parse([.. annotations.Select(a => (a.Key, a.Value))]).HasErrorOn(name));
    }

    [Fact]
    public void Proxy_ssl_settings_without_a_secret_are_ignored_with_warnings()
    {
        var parsed = Annotated.Parse(("proxy-ssl-verify", "on"), ("proxy-ssl-name", "backend.internal"));

        Assert.Null(parsed.Result.ProxySsl);
        Assert.True(parsed.HasWarningOn("proxy-ssl-verify"));
        Assert.True(parsed.HasWarningOn("proxy-ssl-name"));
        Assert.False(parsed.Result.HasErrors);
    }

    [Theory]
    [InlineData("shop/custom-headers", "shop", "custom-headers")]
    [InlineData("custom-headers", "shop", "custom-headers")]
    public void Custom_headers_names_a_ConfigMap_of_the_Ingress_namespace(string value, string ns, string name) =>
        Assert.Equal((ns, name), Annotated.Parse(("custom-headers", value)).Result.CustomHeaders);

    [Theory]
    [InlineData("kube-system/custom-headers")]
    [InlineData("shop/Custom")]
    [InlineData("shop/")]
    public void Custom_headers_refuses_other_namespaces_and_bad_names(string value) =>
        Assert.True(Annotated.Parse(("custom-headers", value)).HasErrorOn("custom-headers"));

    [Theory]
    [InlineData("/custom-headers", "the namespace is required")]
    [InlineData("Shop/custom-headers", "the namespace 'Shop' must be a lower-case RFC 1123 label")]
    [InlineData("shop/Custom", "the ConfigMap name 'Custom' must be a lower-case RFC 1123 subdomain")]
    [InlineData("kube-system/custom-headers", "'kube-system/custom-headers' is in another namespace than the Ingress (shop); only the Ingress's own ConfigMaps are used, as in ingress-nginx")]
    public void Custom_headers_refusals_say_why(string value, string reason)
    {
        var parsed = Annotated.Parse(("custom-headers", value));

        var error = parsed.SingleErrorOn("custom-headers");
        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.Null(parsed.Result.CustomHeaders);
    }

    [Fact]
    public void H2c_is_IngressCores_own_backend_protocol()
    {
        Assert.Equal(BackendProtocol.H2c, Annotated.Parse(("backend-protocol", "H2C")).Result.BackendProtocol);
        Assert.Equal(BackendProtocol.H2c, Annotated.Parse(("backend-protocol", "h2c")).Result.BackendProtocol);
    }

    [Fact]
    public void Proxy_ssl_ciphers_stays_unsupported()
    {
        var parsed = Annotated.Parse(("proxy-ssl-ciphers", "HIGH:!aNULL"));

        Assert.Contains(parsed.Warnings, d => d.Field == Annotated.Field("proxy-ssl-ciphers") && d.Message.Contains("not supported", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a b", "has the character ' ' outside a ${…} variable; literal text is letters, digits, '-' and '_'")]
    [InlineData("$request_uri/x", "has the character '/' outside a ${…} variable")]
    [InlineData("$request_uri$", "has a '$' that starts no variable; write $name or ${name}")]
    [InlineData("${host", "has a '$' that starts no variable; write $name or ${name}")]
    [InlineData("${}", "has a '$' that starts no variable")]
    [InlineData("$remote_user", "uses the variable $remote_user, which IngressCore cannot evaluate; use request_uri, uri, args, host, scheme, request_method, remote_addr, server_port, or http_NAME, cookie_NAME, arg_NAME")]
    [InlineData("$http_", "uses the variable $http_, which IngressCore cannot evaluate")]         // a family needs a name
    [InlineData("$cookie_", "uses the variable $cookie_, which IngressCore cannot evaluate")]
    [InlineData("$arg_", "uses the variable $arg_, which IngressCore cannot evaluate")]
    public void Upstream_hash_by_refusals_say_why(string value, string reason)
    {
        var parsed = Annotated.Parse(("upstream-hash-by", value));

        var error = parsed.SingleErrorOn("upstream-hash-by");
        Assert.StartsWith($"'{value}' {reason}", error.Message, StringComparison.Ordinal);
        Assert.Null(parsed.Result.UpstreamHashBy);
    }

    [Theory]
    [InlineData("$http_x", "Header:x")]
    [InlineData("$cookie_c", "Cookie:c")]
    [InlineData("$arg_a", "QueryArgument:a")]
    [InlineData("$http_cookie_x", "Header:cookie-x")]    // the first family prefix wins
    [InlineData("$cookie_http_x", "Cookie:http_x")]
    [InlineData("$arg_http_x", "QueryArgument:http_x")]
    public void Upstream_hash_by_families_take_a_one_character_name(string value, string parts) =>
        Assert.Equal(parts, string.Join(' ', Annotated.Parse(("upstream-hash-by", value)).Result.UpstreamHashBy!.Parts.Select(p => $"{p.Kind}:{p.Text}")));

    [Theory]
    [InlineData("error  timeout", "has an empty condition; separate the conditions by single spaces")]
    [InlineData("error http_501", "has the condition 'http_501'; use error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent, or off alone")]
    [InlineData("error off", "combines off with other conditions; use off alone")]
    [InlineData("off off", "combines off with other conditions; use off alone")]
    public void Proxy_next_upstream_refusals_say_why(string value, string reason)
    {
        var parsed = Annotated.Parse(("proxy-next-upstream", value));

        var error = parsed.SingleErrorOn("proxy-next-upstream");
        Assert.Equal($"'{value}' {reason}", error.Message);
        Assert.Null(parsed.Result.NextUpstream);
    }

    [Theory]
    [InlineData("error error", "Error")]                             // a repeated condition stays set
    [InlineData("timeout http_502 timeout", "Timeout, Http502")]
    public void Proxy_next_upstream_takes_a_repeated_condition_once(string value, string expected) =>
        Assert.Equal(expected, Annotated.Parse(("proxy-next-upstream", value)).Result.NextUpstream!.Conditions.ToString());

    [Fact]
    public void Next_upstream_tries_or_timeout_alone_is_kept()
    {
        var tries = Annotated.Parse(("proxy-next-upstream-tries", "0")).Result.NextUpstream!;
        var timeout = Annotated.Parse(("proxy-next-upstream-timeout", "7")).Result.NextUpstream!;

        Assert.Equal((null, 0, null), (tries.Conditions, tries.Tries, tries.Timeout));
        Assert.Equal((null, null, TimeSpan.FromSeconds(7)), (timeout.Conditions, timeout.Tries, timeout.Timeout));
    }

    [Fact]
    public void No_next_upstream_annotation_gives_no_next_upstream() =>
        Assert.Null(Annotated.Parse(("load-balance", "ewma")).Result.NextUpstream);

    [Theory]
    [InlineData("proxy-buffering")]
    [InlineData("proxy-request-buffering")]
    [InlineData("proxy-ssl-verify")]
    [InlineData("proxy-ssl-server-name")]
    public void A_switch_other_than_on_or_off_says_so(string name)
    {
        var parsed = Annotated.Parse(("proxy-ssl-secret", "shop/demo-secret"), (name, "true"));

        var error = parsed.SingleErrorOn(name);
        Assert.Equal("'true' is not a switch; use on or off", error.Message);
    }

    [Theory]
    [InlineData("TLSv1.2 TLSv1.2", SslProtocols.Tls12)]        // a repeated protocol stays enabled
    [InlineData("TLSv1.3 TLSv1.3", SslProtocols.Tls13)]
    [InlineData("TLSv1.3", SslProtocols.Tls13)]
    [InlineData("TLSv1.2  TLSv1.3", SslProtocols.Tls12 | SslProtocols.Tls13)]
    public void Proxy_ssl_protocols_are_a_set(string value, SslProtocols expected)
    {
        var parsed = Annotated.Parse(("proxy-ssl-secret", "shop/demo-secret"), ("proxy-ssl-protocols", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(expected, parsed.Result.ProxySsl!.Protocols);
    }

    [Theory]
    [InlineData("proxy-ssl-secret", "demo-secret", "'demo-secret' is not namespace/name")]
    [InlineData("proxy-ssl-secret", "/demo-secret", "the namespace is required")]
    [InlineData("proxy-ssl-secret", "shop/", "the Secret name is required")]
    [InlineData("proxy-ssl-secret", "Shop/demo-secret", "the namespace 'Shop' must be a lower-case RFC 1123 label")]
    [InlineData("proxy-ssl-secret", "Shop/Demo_Secret", "the namespace 'Shop' must be a lower-case RFC 1123 label")]     // the namespace is checked first
    [InlineData("proxy-ssl-secret", "shop/Demo_Secret", "the Secret name 'Demo_Secret' must be a lower-case RFC 1123 subdomain")]
    [InlineData("proxy-ssl-secret", "other/demo-secret", "'other/demo-secret' is in another namespace than the Ingress (shop); cross-namespace Secrets are refused, as in ingress-nginx")]
    [InlineData("proxy-ssl-protocols", "SSLv3 TLSv1.2", "'SSLv3 TLSv1.2' has 'SSLv3'; use TLSv1.2 and/or TLSv1.3, separated by spaces")]
    public void Proxy_ssl_refusals_say_why(string name, string value, string message)
    {
        var annotations = new Dictionary<string, string> { ["proxy-ssl-secret"] = "shop/demo-secret", [name] = value };

        var parsed = Annotated.Parse([.. annotations.Select(a => (a.Key, a.Value))]);

        var error = parsed.SingleErrorOn(name);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_proxy_ssl_setting_without_a_secret_is_named_in_a_warning()
    {
        var parsed = Annotated.Parse(
            ("proxy-ssl-verify", "on"), ("proxy-ssl-verify-depth", "2"), ("proxy-ssl-name", "backend.internal"),
            ("proxy-ssl-server-name", "on"), ("proxy-ssl-protocols", "TLSv1.3"));

        Assert.Equal(5, parsed.Diagnostics.Count);
        Assert.All(
            parsed.Diagnostics,
            d => Assert.Equal("ignored: proxy-ssl-secret is not set (ingress-nginx applies proxy-ssl-* only with it)", d.Message));
    }
}
