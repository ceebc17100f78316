using IngressCore.Annotations.Tests.Support;
using IngressCore.Model;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// The authentication annotations' grammars: auth-url and its family, basic auth, client
/// certificates, satisfy and server-alias. Cases from kubernetes/ingress-nginx
/// internal/ingress/annotations/{authreq,auth,authtls,satisfy,alias}/main_test.go, with the values
/// ingress-nginx lets through silently refused here.
/// </summary>
public sealed class AuthTests
{
    [Fact] // authreq main_test.go "TestAnnotations": the full set
    public void Auth_url_and_its_family_parse_into_typed_values()
    {
        var parsed = Annotated.Parse(
            ("auth-url", "https://auth.example.com:8443/oauth2/auth?x=1"),
            ("auth-method", "POST"),
            ("auth-signin", "https://$host/oauth2/start?rd=$escaped_request_uri"),
            ("auth-signin-redirect-param", "orig"),
            ("auth-response-headers", " X-Auth-Request-User ,X-Auth-Request-Email,, x-auth-request-user"),
            ("auth-request-redirect", "http://foo.com/redirect-me"),
            ("auth-cache-key", "$remote_user$http_authorization"),
            ("auth-cache-duration", "200 202 10m, 401 5m"),
            ("auth-keepalive", "10"),
            ("auth-keepalive-requests", "100"),
            ("auth-keepalive-timeout", "30"),
            ("auth-always-set-cookie", "true"),
            ("auth-proxy-set-headers", "shop/auth-headers"));

        Assert.Empty(parsed.Diagnostics);
        var auth = parsed.Result.ExternalAuth!;
        Assert.Equal("auth.example.com", auth.Url.LiteralHost);
        Assert.Equal(8443, auth.Url.Port);
        Assert.Equal("/oauth2/auth?x=1", auth.Url.PathAndQuery);
        Assert.Equal("POST", auth.Method);
        Assert.True(auth.Signin!.QueryHas("rd"));
        Assert.Equal("orig", auth.SigninRedirectParam);
        Assert.Equal(["X-Auth-Request-User", "X-Auth-Request-Email"], auth.ResponseHeaders);
        Assert.Equal("http://foo.com/redirect-me", auth.RequestRedirect);
        Assert.Equal([AuthVariable.RemoteUser, AuthVariable.Header], auth.CacheKey!.Parts.Select(p => p.Variable));
        Assert.Equal("authorization", auth.CacheKey.Parts[1].Text);
        Assert.Equal([200, 202], auth.CacheDurations[0].Codes);
        Assert.Equal(TimeSpan.FromMinutes(10), auth.CacheDurations[0].Duration);
        Assert.Equal(TimeSpan.FromMinutes(5), AuthCacheDuration.For(auth.CacheDurations, 401));
        Assert.Null(AuthCacheDuration.For(auth.CacheDurations, 500));
        Assert.Equal(10, auth.KeepaliveConnections);
        Assert.Equal(TimeSpan.FromSeconds(30), auth.KeepaliveTimeout);
        Assert.True(auth.AlwaysSetCookie);
        Assert.Equal(new ObjectReference("shop", "auth-headers"), auth.ProxySetHeaders);
    }

    [Theory] // authreq main_test.go bad URLs, and what ingress-nginx's URL grammar would have let through
    [InlineData("")]                                   // empty: ignored with a warning, not an error (checked below)
    [InlineData("bar")]
    [InlineData("http://")]
    [InlineData("ftp://auth.example.com/")]
    [InlineData("HTTP://auth.example.com/")]
    [InlineData("http://foo..bar.com/")]               // ingress-nginx: "invalid url host"
    [InlineData("http://user:pass@auth.example.com/")]
    [InlineData("http://auth.example.com:0/")]
    [InlineData("http://auth.example.com:99999/")]
    [InlineData("http://auth.example.com/a b")]
    [InlineData("http://auth.example.com/%0d%0a")]
    [InlineData("http://auth.example.com/$request_uri")]
    [InlineData("http://$http_host/verify")]
    [InlineData("http://$host.evil.com/verify")]
    [InlineData("//auth.example.com/verify")]
    [InlineData("/verify")]
    public void Bad_auth_urls_are_errors(string url)
    {
        var parsed = Annotated.Parse(("auth-url", url));

        Assert.Null(parsed.Result.ExternalAuth);
        Assert.Equal(url.Length > 0, parsed.HasErrorOn("auth-url"));
    }

    [Fact]
    public void Host_in_auth_url_is_refused_where_the_client_would_choose_it()
    {
        IngressDefinition Ingress(string? host) => new()
        {
            Namespace = "shop",
            Name = "web",
            Annotations = new Dictionary<string, string> { [Annotated.Prefix + "auth-url"] = "https://$host/oauth2/auth" },
            Rules = [new IngressRule { Host = host }],
        };

        var exact = IngressAnnotations.Parse(Ingress("app.example.com"), []);
        var wildcard = new List<Diagnostics.IngressDiagnostic>();
        IngressAnnotations.Parse(Ingress("*.example.com"), wildcard);
        var hostless = new List<Diagnostics.IngressDiagnostic>();
        IngressAnnotations.Parse(Ingress(null), hostless);

        Assert.False(exact.HasErrors);
        Assert.True(exact.ExternalAuth!.Url.Template.Uses(AuthVariable.Host));
        Assert.Contains(wildcard, d => d.Message.Contains("the client would choose", StringComparison.Ordinal));
        Assert.Contains(hostless, d => d.Message.Contains("the client would choose", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("auth-method", "get", "is not one of GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE (upper case)")] // ingress-nginx's regex is case-sensitive too
    [InlineData("auth-method", "FOO", "is not one of GET, HEAD")]
    [InlineData("auth-signin", "https://$http_cookie/start", "names the variable $http_cookie, which is not expanded here")]
    [InlineData("auth-signin", "https://login.example.com/start?rd=$request_body", "names the variable $request_body, which is not expanded here")]
    [InlineData("auth-signin", "javascript:alert(1)", "is not a URL; write http://HOST/PATH or https://HOST/PATH")]
    [InlineData("auth-signin", "/start", null)]                 // a path: made absolute with the request's scheme and host
    [InlineData("auth-signin", "//evil.example.com/start", "starts with '//', which names another host; write http:// or https://")]
    [InlineData("auth-signin-redirect-param", "rd=1", "is not a query parameter name (letters, digits, '-', '.', '_', '~')")]
    [InlineData("auth-response-headers", "X-User, X User", "has 'X User', which is not a header name ([A-Za-z0-9_-]+)")]
    [InlineData("auth-response-headers", "Host", "has 'Host', which frames or routes the request; an auth answer may not set it")] // would steer the upstream request
    [InlineData("auth-response-headers", "Transfer-Encoding", "has 'Transfer-Encoding', which frames or routes the request")]
    [InlineData("auth-request-redirect", "/a b", "has a character outside ingress-nginx's URL characters ([-._~A-Za-z0-9/:,?&=])")]
    [InlineData("auth-cache-key", "$cookie_session.x", "has the character '.' where it is not allowed")]
    [InlineData("auth-cache-key", "$request_body", "names the variable $request_body, which is not expanded here")]
    [InlineData("auth-cache-key", "${host}", "the value contains '{'")]
    [InlineData("auth-cache-key", "$cookie_", "names the variable $cookie_, which is not expanded here")]  // a family prefix with no name after it
    [InlineData("auth-cache-key", "$http_", "names the variable $http_, which is not expanded here")]
    [InlineData("auth-cache-duration", "10m 200", "has the status 200 after a time in '10m 200'; write the statuses first")] // authreq main_test.go: a code after the time
    [InlineData("auth-cache-duration", "200 202", "has the entry '200 202' without a time")]     // no time
    [InlineData("auth-cache-duration", "any 5m", "has 'any', which is neither a status nor a time")] // ingress-nginx skips unknown words silently
    [InlineData("auth-cache-duration", "200 5x", "has '5x', which is neither a status nor a time")]
    [InlineData("auth-cache-duration", "200 m", "has 'm', which is neither a status nor a time")]   // a unit without digits
    [InlineData("auth-cache-duration", "099 5m", "has the status 099, outside 100-599")]
    [InlineData("auth-cache-duration", "600 5m", "has the status 600, outside 100-599")]
    [InlineData("auth-cache-duration", "200 0s", "has the entry '200 0s' with a zero time")]
    [InlineData("auth-cache-duration", "022222222M", "with a time longer than nginx accepts")]  // found by fuzzing: overflowed a TimeSpan and threw out of the build
    [InlineData("auth-cache-duration", "999999999y", "with a time longer than nginx accepts")]
    [InlineData("auth-cache-duration", "2147483648s", "with a time longer than nginx accepts")]
    [InlineData("auth-cache-duration", "2147483647s 1s", "with a time longer than nginx accepts")] // each within nginx's bound, the sum not
    [InlineData("auth-keepalive", "-1", "has a sign; only the digits of a non-negative whole number are allowed")]               // ingress-nginx: a warning and 0
    [InlineData("auth-keepalive-requests", "0", "is 0; at least 1 is required")]
    [InlineData("auth-keepalive-timeout", "0", "is 0; at least 1 is required")]
    [InlineData("auth-keepalive-share-vars", "yes", "is not a boolean; use one of")]
    [InlineData("auth-always-set-cookie", "on", "is not a boolean; use one of")]
    [InlineData("auth-proxy-set-headers", "other/auth-headers", "names a ConfigMap in namespace other")] // another namespace
    [InlineData("auth-proxy-set-headers", "Auth_Headers", "is not a ConfigMap reference")]
    public void Bad_values_of_the_family_are_refused_with_the_reason(string name, string value, string? reason)
    {
        // auth-cache-key beside the rest, so that a good auth-cache-duration draws no warning.
        var parsed = name == "auth-cache-key"
            ? Annotated.Parse(("auth-url", "http://auth.example.com/verify"), (name, value))
            : Annotated.Parse(("auth-url", "http://auth.example.com/verify"), ("auth-cache-key", "$host"), (name, value));

        if (reason is null)
        {
            Assert.Empty(parsed.Diagnostics);
            return;
        }

        var error = parsed.SingleErrorOn(name);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_family_without_auth_url_is_ignored_with_a_warning_but_still_checked()
    {
        var parsed = Annotated.Parse(("auth-signin", "https://login.example.com/"), ("auth-method", "BREW"));

        Assert.Null(parsed.Result.ExternalAuth);
        Assert.Contains(parsed.Warnings, w => w.Field == Annotated.Field("auth-signin") && w.Message == "has no effect without auth-url, as in ingress-nginx; ignored");
        Assert.True(parsed.HasErrorOn("auth-method"));
    }

    [Fact]
    public void Keepalive_is_off_when_the_host_is_a_variable()
    {
        var parsed = Annotated.Parse(("auth-url", "https://$host/oauth2/auth"), ("auth-keepalive", "10"));

        Assert.Equal(0, parsed.Result.ExternalAuth!.KeepaliveConnections);
        var warning = parsed.SingleWarningOn("auth-keepalive");
        Assert.Equal("has no effect when auth-url's host is a variable, as in ingress-nginx: every subrequest opens its own connection", warning.Message);
    }

    [Fact]
    public void Keepalive_with_a_literal_host_is_kept_and_a_variable_host_without_keepalive_is_not_warned_about()
    {
        var literal = Annotated.Parse(("auth-url", "https://auth.example.com/oauth2/auth"), ("auth-keepalive", "10"));
        var variable = Annotated.Parse(("auth-url", "https://$host/oauth2/auth"));

        Assert.Empty(literal.Diagnostics);
        Assert.Equal(10, literal.Result.ExternalAuth!.KeepaliveConnections);
        Assert.Empty(variable.Diagnostics);
        Assert.Equal(0, variable.Result.ExternalAuth!.KeepaliveConnections);
    }

    [Fact]
    public void The_family_s_settings_default_to_ingress_nginx_s()
    {
        // ingress-nginx authreq/main.go: keepalive 0, 1000 requests, 60 s, share-vars and always-set-cookie off.
        var auth = Annotated.Parse(("auth-url", "http://auth.example.com/")).Result.ExternalAuth!;

        Assert.Equal(0, auth.KeepaliveConnections);
        Assert.Equal(1000, auth.KeepaliveRequests);
        Assert.Equal(TimeSpan.FromSeconds(60), auth.KeepaliveTimeout);
        Assert.False(auth.KeepaliveShareVars);
        Assert.False(auth.AlwaysSetCookie);
        Assert.Same(AuthCacheDuration.Default, auth.CacheDurations);
    }

    [Fact]
    public void Auth_cache_duration_without_auth_cache_key_is_warned_about()
    {
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-cache-duration", "200 5m"));

        var warning = parsed.SingleWarningOn("auth-cache-duration");
        Assert.Equal("has no effect without auth-cache-key: answers are cached only under a key", warning.Message);
    }

    [Fact]
    public void Auth_cache_duration_takes_the_status_bounds_and_a_time_alone_caches_200_301_302()
    {
        // nginx's proxy_cache_valid: a time with no status caches 200, 301 and 302.
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-cache-key", "$host"), ("auth-cache-duration", "100 599 1m, 5m"));

        Assert.Empty(parsed.Diagnostics);
        var durations = parsed.Result.ExternalAuth!.CacheDurations;
        Assert.Equal(2, durations.Count);
        Assert.Equal([100, 599], durations[0].Codes);
        Assert.Equal([200, 301, 302], durations[1].Codes);
        Assert.Equal(TimeSpan.FromMinutes(5), durations[1].Duration);
    }

    [Fact]
    public void Auth_cache_duration_of_empty_entries_keeps_the_default()
    {
        // ingress-nginx's ParseStringToCacheDurations skips empty entries and falls back to "200 202 401 5m".
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-cache-key", "$host"), ("auth-cache-duration", " , ,"));

        Assert.False(parsed.Result.HasErrors);
        Assert.Same(AuthCacheDuration.Default, parsed.Result.ExternalAuth!.CacheDurations);
    }

    [Fact]
    public void Auth_cache_key_takes_letters_digits_dashes_and_underscores_around_its_variables()
    {
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-cache-key", "$host-ab_1$remote_user"));

        Assert.Empty(parsed.Diagnostics);
        Assert.NotNull(parsed.Result.ExternalAuth!.CacheKey);
    }

    [Fact] // auth main_test.go: type, secret, realm, secret type
    public void Basic_auth_parses_its_secret_type_and_realm()
    {
        var parsed = Annotated.Parse(("auth-type", "basic"), ("auth-secret", "shop/demo-secret"), ("auth-realm", "-realm-"), ("auth-secret-type", "auth-map"));

        Assert.Empty(parsed.Diagnostics);
        var basic = parsed.Result.BasicAuth!;
        Assert.Equal(new ObjectReference("shop", "demo-secret"), basic.Secret);
        Assert.Equal(BasicAuthSecretType.AuthMap, basic.SecretType);
        Assert.Equal("-realm-", basic.Realm);
        Assert.Equal(BasicAuthSecretType.AuthFile, Annotated.Parse(("auth-type", "basic"), ("auth-secret", "s")).Result.BasicAuth!.SecretType);
    }

    [Fact]
    public void A_secret_without_a_type_is_an_error_where_ingress_nginx_would_serve_it_open()
    {
        var parsed = Annotated.Parse(("auth-secret", "demo-secret"));

        Assert.True(parsed.HasErrorOn("auth-secret"));
        Assert.Null(parsed.Result.BasicAuth);
        Assert.True(Annotated.Parse(("auth-type", "basic")).HasErrorOn("auth-type"));
    }

    [Fact] // authtls main_test.go "TestAnnotations"
    public void Client_certificate_annotations_parse()
    {
        var parsed = Annotated.Parse(
            ("auth-tls-secret", "shop/demo-secret"),
            ("auth-tls-verify-client", "optional_no_ca"),
            ("auth-tls-verify-depth", "2"),
            ("auth-tls-error-page", "https://ok.com/error"),
            ("auth-tls-pass-certificate-to-upstream", "true"),
            ("auth-tls-match-cn", "CN=(hello-app|goodbye)"));

        Assert.Empty(parsed.Diagnostics);
        var tls = parsed.Result.ClientCertificates!;
        Assert.Equal(new ObjectReference("shop", "demo-secret"), tls.Secret);
        Assert.Equal(ClientCertificateVerification.OptionalNoCa, tls.Verification);
        Assert.Equal(2, tls.Depth);
        Assert.Equal("https://ok.com/error", tls.ErrorPage);
        Assert.True(tls.PassCertificateToUpstream);
        Assert.Matches(tls.MatchCn!, "CN=goodbye,O=x");
        Assert.DoesNotMatch(tls.MatchCn!, "CN=hello");
        Assert.Equal("/error", Annotated.Parse(("auth-tls-secret", "s"), ("auth-tls-error-page", "/error")).Result.ClientCertificates!.ErrorPage);
    }

    [Theory] // satisfy main_test.go
    [InlineData("any", true)]
    [InlineData("all", false)]
    [InlineData(" any ", true)]
    public void Satisfy_reads_all_or_any(string value, bool any)
    {
        var parsed = Annotated.Parse(("satisfy", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(any ? SatisfyMode.Any : SatisfyMode.All, parsed.Result.Satisfy);
    }

    [Theory]
    [InlineData("ANY")]
    [InlineData("some")]
    [InlineData("any,all")]
    public void Satisfy_refuses_anything_else(string value)
    {
        var parsed = Annotated.Parse(("satisfy", value));

        var error = parsed.SingleErrorOn("satisfy");
        Assert.Equal($"'{value}' is not all or any", error.Message);
        Assert.Equal(SatisfyMode.All, parsed.Result.Satisfy);
    }

    [Fact] // alias main_test.go: trimmed, deduplicated, sorted
    public void Server_aliases_are_trimmed_deduplicated_and_sorted()
    {
        var parsed = Annotated.Parse(("server-alias", "www.example.com, *.example.org,www.example.com, a.example.com"));

        Assert.Equal(["*.example.org", "a.example.com", "www.example.com"], parsed.Result.ServerAliases);
    }

    [Theory] // ingress-nginx admits nginx server-name regexes and suffix wildcards
    [InlineData("~^www\\d+\\.example\\.com$")]
    [InlineData("example.*")]
    [InlineData("Upper.Example.com")]
    [InlineData("10.0.0.1")]
    [InlineData("a.example.com:8080")]
    public void Server_aliases_that_are_no_host_names_are_errors(string value) =>
        Assert.True(Annotated.Parse(("server-alias", value)).HasErrorOn("server-alias"));

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("CONNECT")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    public void Auth_method_takes_every_method_ingress_nginx_allows(string method)
    {
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-method", method));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(method, parsed.Result.ExternalAuth!.Method);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Content-Length")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Connection")]
    [InlineData("Upgrade")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Keep-Alive")]
    [InlineData("Proxy-Connection")]
    [InlineData("connection")]
    [InlineData("x-user, CONTENT-LENGTH")]
    public void Auth_response_headers_may_not_name_a_header_that_frames_or_routes_the_request(string value)
    {
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-response-headers", value));

        var error = parsed.SingleErrorOn("auth-response-headers");
        Assert.Contains("which frames or routes the request; an auth answer may not set it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_request_redirect_takes_ingress_nginx_s_URL_characters()
    {
        const string Redirect = "https://shop.example.com/a-b_c.d~e/f:1,2?x=1&y=2";
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-request-redirect", Redirect));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(Redirect, parsed.Result.ExternalAuth!.RequestRedirect);
    }

    [Fact]
    public void A_secret_in_a_namespace_that_is_no_name_is_refused_naming_the_namespace()
    {
        var parsed = Annotated.Parse(("auth-type", "basic"), ("auth-secret", "Shop_1/demo-secret"));

        var error = parsed.SingleErrorOn("auth-secret");
        Assert.Contains("the namespace", error.Message, StringComparison.Ordinal);
        Assert.Contains("write NAME or NAMESPACE/NAME", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("200 250ms", 250)]
    [InlineData("200 7s", 7_000)]
    [InlineData("200 3m", 180_000)]
    [InlineData("200 2h", 7_200_000)]
    [InlineData("200 1d", 86_400_000)]
    [InlineData("200 1w", 604_800_000)]
    [InlineData("200 1M", 2_592_000_000)]
    [InlineData("200 1y", 31_536_000_000)]
    [InlineData("200 1h 30m 15s", 5_415_000)]
    public void Auth_cache_duration_takes_nginx_s_time_units(string value, long milliseconds)
    {
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-cache-key", "$host"), ("auth-cache-duration", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Assert.Single(parsed.Result.ExternalAuth!.CacheDurations).Duration);
    }

    [Fact]
    public void Client_certificate_settings_without_a_CA_secret_are_ignored_with_a_warning()
    {
        var parsed = Annotated.Parse(("auth-tls-verify-client", "on"), ("auth-tls-verify-depth", "2"));

        Assert.Null(parsed.Result.ClientCertificates);
        Assert.False(parsed.Result.HasErrors);
        Assert.Contains(parsed.Warnings, w => w.Field == Annotated.Field("auth-tls-verify-client") && w.Message == "has no effect without auth-tls-secret, as in ingress-nginx; ignored");
    }

    [Fact]
    public void An_auth_cache_duration_at_nginx_s_bound_is_kept()
    {
        // ngx_parse_time keeps seconds in a 32-bit int: 2147483647s is the longest time it takes.
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-cache-key", "$host"), ("auth-cache-duration", "200 2147483647s"));

        Assert.Empty(parsed.Diagnostics);
        var duration = Assert.Single(parsed.Result.ExternalAuth!.CacheDurations);
        Assert.Equal(TimeSpan.FromSeconds(int.MaxValue), duration.Duration);
    }

    [Theory]
    [InlineData("200 2147483648s")]
    [InlineData("200 35791395m 8s")]
    [InlineData("200 99999999999999999999999s")]
    public void An_auth_cache_duration_past_nginx_s_bound_is_refused_as_too_long(string value)
    {
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-cache-key", "$host"), ("auth-cache-duration", value));

        var error = parsed.SingleErrorOn("auth-cache-duration");
        Assert.Contains("with a time longer than nginx accepts (2147483647s, about 68 years)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_annotations_on_a_canary_are_ignored_with_a_warning()
    {
        var parsed = Annotated.Parse(("canary", "true"), ("canary-weight", "10"), ("auth-url", "http://auth.example.com/"));

        Assert.False(parsed.Result.HasErrors);
        var warning = parsed.SingleWarningOn("auth-url");
        Assert.Equal("ignored on a canary Ingress: the primary Ingress's location settings apply, as in ingress-nginx", warning.Message);
    }

    [Theory]
    [InlineData("auth-type", "Basic", "'Basic' is not basic (or digest)")]
    [InlineData("auth-secret", "Demo", "'Demo' is not a Secret reference (the Secret name 'Demo' must be a lower-case RFC 1123 subdomain")]
    [InlineData("auth-secret-type", "htpasswd", "'htpasswd' is not auth-file or auth-map")]
    [InlineData("auth-realm", "a@b", "'a@b' has a character outside [-._~A-Za-z0-9/: ]")]
    [InlineData("auth-type", "xbasicx", "'xbasicx' is not basic (or digest)")]                    // ingress-nginx's unanchored regex takes it
    [InlineData("auth-secret", "other/demo-secret", "names a Secret in namespace other: ")]        // "cross namespace usage of secrets is not allowed"
    [InlineData("auth-secret", "demo_secret", "'demo_secret' is not a Secret reference (")]
    [InlineData("auth-realm", "a \"quoted\" realm", "the value contains '\"'")]
    [InlineData("auth-realm", "realm; allow all", "the value contains ';'")]
    public void Basic_auth_refusals_say_why(string name, string value, string reason)
    {
        (string, string)[] annotations = [("auth-type", "basic"), ("auth-secret", "demo-secret"), ("auth-realm", "Shop users")];
        var parsed = Annotated.Parse([.. annotations.Where(a => a.Item1 != name), (name, value)]);

        var error = parsed.SingleErrorOn(name);
        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_basic_auth_whose_secret_is_refused_is_not_kept()
    {
        var parsed = Annotated.Parse(("auth-type", "basic"), ("auth-secret", "other/demo-secret"));

        Assert.True(parsed.HasErrorOn("auth-secret"));
        Assert.Null(parsed.Result.BasicAuth);
    }

    [Fact]
    public void A_refused_realm_is_not_kept()
    {
        var parsed = Annotated.Parse(("auth-type", "basic"), ("auth-secret", "demo-secret"), ("auth-realm", "a@b"));

        Assert.True(parsed.HasErrorOn("auth-realm"));
        Assert.Equal(string.Empty, parsed.Result.BasicAuth!.Realm);
    }

    [Fact]
    public void Auth_file_may_be_written_out()
    {
        var parsed = Annotated.Parse(("auth-type", "basic"), ("auth-secret", "demo-secret"), ("auth-secret-type", "auth-file"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(BasicAuthSecretType.AuthFile, parsed.Result.BasicAuth!.SecretType);
    }

    [Fact]
    public void Basic_auth_half_configured_says_what_is_missing()
    {
        var noType = Assert.Single(Annotated.Parse(("auth-secret", "demo-secret")).Errors);
        var noSecret = Assert.Single(Annotated.Parse(("auth-type", "basic")).Errors);

        Assert.Equal("is set without auth-type: ingress-nginx would serve the Ingress without authentication; add auth-type: basic", noType.Message);
        Assert.Equal(Annotated.Field("auth-type"), noSecret.Field);
        Assert.Equal("is set without auth-secret: there are no users to check (ingress-nginx denies the location)", noSecret.Message);
    }

    [Fact]
    public void Realm_and_secret_type_without_auth_type_are_ignored_with_a_warning()
    {
        var parsed = Annotated.Parse(("auth-realm", "Shop users"), ("auth-secret-type", "auth-map"));

        Assert.Empty(parsed.Errors);
        Assert.Null(parsed.Result.BasicAuth);
        Assert.Equal(
            [(Annotated.Field("auth-realm"), "has no effect without auth-type; ignored"), (Annotated.Field("auth-secret-type"), "has no effect without auth-type; ignored")],
            parsed.Warnings.Select(w => (w.Field, w.Message)).Order());
    }

    [Fact]
    public void Authentication_is_basic_or_external_auth_not_a_source_range()
    {
        Assert.True(Annotated.Parse(("auth-type", "basic"), ("auth-secret", "demo-secret")).Result.HasAuthentication);
        Assert.True(Annotated.Parse(("auth-url", "http://auth.example.com/")).Result.HasAuthentication);
        Assert.False(Annotated.Parse(("allowlist-source-range", "10.0.0.0/8")).Result.HasAuthentication);
    }

    [Fact]
    public void Client_certificate_settings_default_to_ingress_nginx_s()
    {
        var parsed = Annotated.Parse(("auth-tls-secret", "ca"));

        Assert.Empty(parsed.Diagnostics);
        var tls = parsed.Result.ClientCertificates!;
        Assert.Equal(ClientCertificateVerification.On, tls.Verification);
        Assert.Equal(1, tls.Depth);
        Assert.Null(tls.ErrorPage);
        Assert.False(tls.PassCertificateToUpstream);
        Assert.Null(tls.MatchCn);
    }

    [Fact]
    public void A_client_certificate_auth_whose_secret_is_refused_is_not_kept()
    {
        var parsed = Annotated.Parse(("auth-tls-secret", "other/ca"), ("auth-tls-verify-client", "optional"));

        Assert.True(parsed.HasErrorOn("auth-tls-secret"));
        Assert.Null(parsed.Result.ClientCertificates);
    }

    [Fact]
    public void Match_cn_may_use_regex_anchors_escapes_and_counts()
    {
        var parsed = Annotated.Parse(("auth-tls-secret", "ca"), ("auth-tls-match-cn", "CN=[a-z]{3}\\.example$"));

        Assert.Empty(parsed.Diagnostics);
        var match = parsed.Result.ClientCertificates!.MatchCn!;
        Assert.Matches(match, "O=x,CN=app.example");
        Assert.DoesNotMatch(match, "CN=app.example,O=x");
        Assert.DoesNotMatch(match, "CN=appxexample");
    }

    [Theory]
    [InlineData("auth-tls-secret", "Ca", "'Ca' is not a Secret reference (the Secret name 'Ca' must be")]
    [InlineData("auth-tls-verify-client", "ON", "'ON' is not on, off, optional or optional_no_ca (ingress-nginx would use on)")]
    [InlineData("auth-tls-error-page", "/err@r", "'/err@r' has a character outside [-._~A-Za-z0-9/:]")]
    [InlineData("auth-tls-error-page", "ftp://ok.com/error", "'ftp://ok.com/error' has the scheme 'ftp'; only http and https (lower case) are allowed; auth-tls-error-page is an http(s) URL or a path (an nginx named location is not supported)")]
    [InlineData("auth-tls-match-cn", "client", "'client' does not start with 'CN=' (ingress-nginx requires it)")]
    [InlineData("auth-tls-match-cn", "CN=(a", "'CN=(a' is not a regular expression .NET can compile without backtracking (")]
    [InlineData("auth-tls-match-cn", "CN=(?<=a)b", "'CN=(?<=a)b' is not a regular expression .NET can compile without backtracking (")]        // needs backtracking
    [InlineData("auth-tls-verify-client", "w00t", "'w00t' is not on, off, optional or optional_no_ca")]          // authtls main_test.go: ingress-nginx falls back to "on" silently
    [InlineData("auth-tls-verify-depth", "abcd", "'abcd' is not a whole number written in ASCII digits")]           // and to depth 1
    [InlineData("auth-tls-verify-depth", "0", "'0' is 0; at least 1 is required")]
    [InlineData("auth-tls-error-page", "@named_location", "'@named_location' is not a URL; write http://HOST/PATH or https://HOST/PATH; auth-tls-error-page is an http(s) URL or a path (an nginx named location is not supported)")]
    [InlineData("auth-tls-error-page", "https://$host/error", "the value contains '$'")]
    [InlineData("auth-tls-pass-certificate-to-upstream", "yes", "'yes' is not a boolean; use one of ")]
    [InlineData("auth-tls-secret", "other/ca", "names a Secret in namespace other: ")]
    public void Client_certificate_refusals_say_why(string name, string value, string reason)
    {
        var parsed = Annotated.Parse(name == "auth-tls-secret" ? [(name, value)] : [("auth-tls-secret", "ca"), (name, value)]);

        var error = parsed.SingleErrorOn(name);
        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_alias_skips_empty_items()
    {
        var parsed = Annotated.Parse(("server-alias", "b.example.com,,a.example.com,"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(["a.example.com", "b.example.com"], parsed.Result.ServerAliases);
        Assert.Null(Annotated.Parse(("server-alias", ",")).Result.ServerAliases);
    }

    [Fact]
    public void A_server_alias_may_have_253_characters_not_more()
    {
        var label = new string('a', 63);
        var alias = string.Join('.', label, label, label, new string('b', 61));

        var parsed = Annotated.Parse(("server-alias", alias));
        var longer = Annotated.Parse(("server-alias", "x.example.com," + alias + "b"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal([alias], parsed.Result.ServerAliases);
        var error = Assert.Single(longer.Errors);
        Assert.EndsWith(" has a name longer than 253 characters", error.Message, StringComparison.Ordinal);
        Assert.Null(longer.Result.ServerAliases);
    }

    [Fact]
    public void A_server_alias_that_is_no_host_name_is_named_with_the_reason()
    {
        var error = Annotated.Parse(("server-alias", "a.example.com, example.*")).SingleErrorOn("server-alias");

        Assert.StartsWith("'a.example.com,example.*' has 'example.*', which is not a host name (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("); nginx regexes and suffix wildcards are not supported", error.Message, StringComparison.Ordinal);
    }
}
