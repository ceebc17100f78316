using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using IngressCore.IntegrationTests.Support;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Auth;

/// <summary>
/// auth-url and its family through a real gateway and a real auth service (a Kestrel app answering
/// 200/401/403/500, slowly, or never), after kubernetes/ingress-nginx test/e2e/annotations/auth.go.
/// Every fail-closed rule has its own test: the protected backend is never reached on a refusal.
/// </summary>
[Collection(AuthBackends.Collection)]
public sealed class ExternalAuthTests : IAsyncLifetime
{
    private const string Host = "auth.foo.com";
    private AuthService _auth = null!;

    public async Task InitializeAsync() => _auth = await AuthService.StartAsync();

    public async Task DisposeAsync() => await _auth.DisposeAsync();

    private Task<Gateway> StartAsync(Action<GatewaySetup>? more, params (string Name, string Value)[] annotations) =>
        Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("app", Host, "/", "app", annotations: Ingresses.Nginx([("auth-url", _auth.Url + "/verify?x=1"), .. annotations])));
                more?.Invoke(o);
            },
            app =>
            {
                app.MapIngressBackend("app", b => AuthBackends.Protected(b, "app"));
                app.MapIngressBackend("failing", b => AuthBackends.Protected(b, "failing", 503));
                app.MapIngressBackend("errors", b => AuthBackends.Protected(b, "errors"));
            });

    private static async Task<HttpResponseMessage> GetAsync(Gateway gateway, string target, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{Host}{target}"));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await gateway.Client().SendAsync(request);
    }

    [Fact] // auth.go "should return status code 200 when signed in"
    public async Task A_2xx_answer_lets_the_request_through_and_the_subrequest_carries_ingress_nginx_headers()
    {
        await using var gateway = await StartAsync(null);

        using var response = await GetAsync(gateway, "/orders?id=7", ("Cookie", "_oauth2_proxy=abc"), ("X-Forwarded-Host", "evil.example"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("app", TestBackends.Field(await response.Content.ReadAsStringAsync(), "backend"));
        var sub = Assert.Single(_auth.Requests.Items);
        Assert.Equal("GET", sub.Method);
        Assert.Equal("/verify?x=1", sub.Target);
        Assert.Equal("127.0.0.1", sub.Header("Host"));
        Assert.Equal($"http://{Host}/orders?id=7", sub.Header("X-Original-URL"));
        Assert.Equal("GET", sub.Header("X-Original-Method"));
        Assert.Equal("nginx-ingress-controller", sub.Header("X-Sent-From"));
        Assert.Equal("/orders?id=7", sub.Header("X-Auth-Request-Redirect"));
        Assert.Equal("127.0.0.1", sub.Header("X-Forwarded-For"));
        Assert.Equal("127.0.0.1", sub.Header("X-Real-IP"));
        Assert.Equal("_oauth2_proxy=abc", sub.Header("Cookie"));
        Assert.NotNull(sub.Header("X-Request-ID"));
        Assert.Null(sub.Header("X-Forwarded-Proto"));
        Assert.Null(sub.Header("X-Forwarded-Host")); // the client is no trusted proxy
        Assert.Null(sub.Header("X-Original-URI")); // only with auth-method
    }

    [Theory]
    [InlineData(401, HttpStatusCode.Unauthorized)]
    [InlineData(403, HttpStatusCode.Forbidden)]
    [InlineData(500, HttpStatusCode.InternalServerError)]
    [InlineData(503, HttpStatusCode.InternalServerError)]
    [InlineData(404, HttpStatusCode.InternalServerError)]
    [InlineData(302, HttpStatusCode.InternalServerError)] // a redirect from the auth service is no pass
    [InlineData(301, HttpStatusCode.InternalServerError)]
    [InlineData(204, HttpStatusCode.OK)] // any 2xx is a pass
    [InlineData(202, HttpStatusCode.OK)]
    public async Task The_auth_status_decides_and_anything_but_2xx_401_403_is_500(int status, HttpStatusCode expected)
    {
        await using var gateway = await StartAsync(null);
        _auth.AnswerWith(status, ("WWW-Authenticate", "Bearer realm=\"auth\""), ("Location", "https://elsewhere.example/"));
        var before = AuthBackends.Reached;

        using var response = await GetAsync(gateway, "/");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? before + 1 : before, AuthBackends.Reached);
        Assert.Null(response.Headers.Location);
        Assert.Equal(status == 401 ? ["Bearer realm=\"auth\""] : [], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
    }

    [Fact]
    public async Task An_auth_service_that_is_down_gives_500()
    {
        await using var gateway = await Gateway.StartAsync(
            o => o.Ingresses.Add(Ingresses.Single("app", Host, "/", "app", annotations: Ingresses.Nginx(("auth-url", $"http://127.0.0.1:{ClosedPort()}/verify")))),
            app => app.MapIngressBackend("app", b => AuthBackends.Protected(b, "app")));
        var before = AuthBackends.Reached;

        using var response = await GetAsync(gateway, "/");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(before, AuthBackends.Reached);
        Assert.Contains(gateway.Log.Entries, e => e.Message.Contains("could not be reached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_auth_service_slower_than_the_read_timeout_gives_500_and_a_faster_one_passes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await StartAsync(o =>
        {
            o.Time = time;
            o.Options.ExternalAuth.ReadTimeout = TimeSpan.FromSeconds(3);
        });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _auth.Answer = async (_, _) => await release.Task;

        // Slow past the timeout: the clock passes 3 s while the auth service holds the answer.
        var slow = GetAsync(gateway, "/slow");
        await _auth.Requests.WaitForAsync(r => r.Target.StartsWith("/verify", StringComparison.Ordinal), TimeSpan.FromSeconds(20), () => "no subrequest");
        time.Advance(TimeSpan.FromSeconds(3));
        using (var response = await slow)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        // Within the timeout (2.9 s of the clock): the answer is waited for.
        var patient = GetAsync(gateway, "/patient");
        await _auth.Requests.WaitForAsync(r => r.Header("X-Original-URL")?.EndsWith("/patient", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20), () => "no subrequest");
        time.Advance(TimeSpan.FromSeconds(2.9));
        release.SetResult();
        using (var response = await patient)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_auth_service_that_never_answers_gives_500_at_the_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await StartAsync(o => o.Time = time);
        _auth.NeverAnswer();
        var before = AuthBackends.Reached;

        var pending = GetAsync(gateway, "/");
        await _auth.Requests.WaitForAsync(_ => true, TimeSpan.FromSeconds(20), () => "no subrequest");
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(60)); // ingress-nginx's proxy-read-timeout default

        using var response = await pending;
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(before, AuthBackends.Reached);
    }

    [Theory]
    [InlineData("401")]
    [InlineData("403")]
    [InlineData("500")]
    public async Task Custom_errors_for_the_refusal_never_turn_it_into_a_pass(string code)
    {
        // CVE-2026-24513: the error backend answers 200 whatever X-Code says; the refusal must stand.
        await using var gateway = await StartAsync(null, ("custom-http-errors", "401,403,500"), ("default-backend", "errors"));
        _auth.AnswerWith(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture));
        var before = AuthBackends.Reached;

        using var response = await GetAsync(gateway, "/");

        Assert.Equal(code, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(before, AuthBackends.Reached); // neither the protected backend nor the error backend
    }

    [Fact] // auth.go "should redirect to signin url when not signed in"
    public async Task A_401_with_auth_signin_is_a_302_with_where_the_client_was_going()
    {
        await using var gateway = await StartAsync(null, ("auth-signin", "http://$host/auth/start"));
        _auth.AnswerWith(401, ("Set-Cookie", "csrf=1; Path=/"));

        using var response = await GetAsync(gateway, "/?a=b&c=d");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"http://{Host}/auth/start?rd=http://{Host}{Uri.EscapeDataString("/?a=b&c=d")}", response.Headers.Location!.OriginalString);
        // The sign-in location's add_header Set-Cookie applies to a 302.
        Assert.Equal(["csrf=1; Path=/"], response.Headers.GetValues("Set-Cookie"));
    }

    [Theory] // auth.go with auth-signin-redirect-param, and a sign-in URL that names its own redirect
    [InlineData("http://$host/auth/start", "orig", "http://auth.foo.com/auth/start?orig=http://auth.foo.com%2F%3Fa%3Db")]
    [InlineData("https://login.example.com/start?rd=$escaped_request_uri", null, "https://login.example.com/start?rd=%2F%3Fa%3Db")]
    [InlineData("/oauth2/start?x=1", null, "http://auth.foo.com/oauth2/start?x=1&rd=http://auth.foo.com%2F%3Fa%3Db")]
    public async Task The_sign_in_redirect_parameter(string signin, string? param, string location)
    {
        (string, string)[] annotations = param is null ? [("auth-signin", signin)] : [("auth-signin", signin), ("auth-signin-redirect-param", param)];
        await using var gateway = await StartAsync(null, annotations);
        _auth.AnswerWith(401);

        using var response = await GetAsync(gateway, "/?a=b");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Fact] // auth.go "should overwrite Foo header with auth response"
    public async Task Auth_response_headers_replace_the_clients_own_and_are_removed_when_absent()
    {
        await using var gateway = await StartAsync(null, ("auth-response-headers", "X-Auth-Request-User, X-Auth-Request-Email"));
        _auth.AnswerWith(200, ("X-Auth-Request-User", "alice"));

        using var response = await GetAsync(gateway, "/", ("X-Auth-Request-User", "mallory"), ("X-Auth-Request-Email", "mallory@evil.example"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("alice", AuthBackends.Header(body, "X-Auth-Request-User"));
        Assert.Null(AuthBackends.Header(body, "X-Auth-Request-Email"));
    }

    [Fact] // auth.go "user retains cookie by default" / "user does not retain cookie if upstream returns error status code"
    public async Task The_auth_cookie_is_set_on_success_but_not_on_a_backend_error_unless_always_set_cookie()
    {
        await using var gateway = await StartAsync(o =>
            o.Ingresses.Add(Ingresses.Single("error", Host, "/error", "failing", annotations: Ingresses.Nginx(("auth-url", _auth.Url + "/cookies")))));
        _auth.AnswerWith(200, ("Set-Cookie", "alma=armud"));

        using (var ok = await GetAsync(gateway, "/"))
        {
            Assert.Equal(["alma=armud"], ok.Headers.GetValues("Set-Cookie"));
        }

        using (var failed = await GetAsync(gateway, "/error"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.False(failed.Headers.Contains("Set-Cookie"));
        }

        await gateway.UpdateAsync(gateway.Runtime.Current.Objects with
        {
            Ingresses = [.. gateway.Runtime.Current.Objects.Ingresses.Select(i => i with
            {
                Annotations = new Dictionary<string, string>(i.Annotations) { ["nginx.ingress.kubernetes.io/auth-always-set-cookie"] = "true" },
            })],
        });
        using var always = await GetAsync(gateway, "/error");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, always.StatusCode);
        Assert.Equal(["alma=armud"], always.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task Auth_method_request_redirect_and_proxy_set_headers_shape_the_subrequest()
    {
        await using var gateway = await StartAsync(
            o => o.ConfigMaps.Add(new ConfigMapDefinition { Namespace = "default", Name = "auth-headers", Data = new Dictionary<string, string> { ["X-Team"] = "shop", ["X-Sent-From"] = "gateway" } }),
            ("auth-method", "POST"), ("auth-request-redirect", "/after-login"), ("auth-proxy-set-headers", "auth-headers"));

        using var response = await GetAsync(gateway, "/page?q=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sub = Assert.Single(_auth.Requests.Items);
        Assert.Equal("POST", sub.Method);
        Assert.Equal("/page?q=1", sub.Header("X-Original-URI"));
        Assert.Equal("http", sub.Header("X-Scheme"));
        Assert.Equal("/after-login", sub.Header("X-Auth-Request-Redirect"));
        Assert.Equal("shop", sub.Header("X-Team"));
        Assert.Equal("gateway", sub.Header("X-Sent-From"));
        Assert.Null(sub.Header("Transfer-Encoding"));
    }

    [Fact] // ingress-nginx denies a location whose auth-proxy-set-headers ConfigMap is missing
    public async Task A_missing_proxy_set_headers_ConfigMap_denies_the_location_with_503()
    {
        await using var gateway = await StartAsync(null, ("auth-proxy-set-headers", "missing"));
        var before = AuthBackends.Reached;

        using var response = await GetAsync(gateway, "/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(_auth.Requests.Items);
        Assert.Equal(before, AuthBackends.Reached);
        Assert.Contains(gateway.Runtime.Current.Diagnostics, d => d.Message.Contains("ConfigMap default/missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cached_answers_are_reused_per_key_until_they_expire()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await StartAsync(o => o.Time = time, ("auth-cache-key", "$cookie_session"), ("auth-cache-duration", "200 30s"));

        for (var i = 0; i < 3; i++)
        {
            using var response = await GetAsync(gateway, "/", ("Cookie", "session=one"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(_auth.Requests.Items);

        // Another key asks again; so does the first one once its answer has expired.
        using (await GetAsync(gateway, "/", ("Cookie", "session=two")))
        {
        }

        Assert.Equal(2, _auth.Requests.Items.Count);
        time.Advance(TimeSpan.FromSeconds(31));
        using (await GetAsync(gateway, "/", ("Cookie", "session=one")))
        {
        }

        Assert.Equal(3, _auth.Requests.Items.Count);
    }

    [Fact]
    public async Task Answers_that_set_cookies_or_forbid_caching_are_not_cached_nor_are_statuses_not_listed()
    {
        await using var gateway = await StartAsync(null, ("auth-cache-key", "$remote_addr"), ("auth-cache-duration", "200 5m"));

        _auth.AnswerWith(200, ("Set-Cookie", "s=1"));
        using (await GetAsync(gateway, "/"))
        {
        }

        _auth.AnswerWith(200, ("Cache-Control", "no-store"));
        using (await GetAsync(gateway, "/"))
        {
        }

        _auth.AnswerWith(403);
        using (await GetAsync(gateway, "/"))
        {
        }

        using (await GetAsync(gateway, "/"))
        {
        }

        Assert.Equal(4, _auth.Requests.Items.Count);
    }

    [Fact]
    public async Task An_auth_url_naming_a_Service_goes_to_its_ready_endpoint()
    {
        await using var gateway = await Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("app", Host, "/", "app", annotations: Ingresses.Nginx(("auth-url", "http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth"))));
                o.Services.Add(new ServiceDefinition { Namespace = "auth", Name = "oauth2-proxy", Ports = [new ServicePortDefinition { Name = "http", Port = 4180 }] });
                o.EndpointSlices.Add(new EndpointSliceDefinition
                {
                    Namespace = "auth",
                    Name = "oauth2-proxy-1",
                    ServiceName = "oauth2-proxy",
                    Ports = [new EndpointPortDefinition { Name = "http", Port = _auth.Port }],
                    Endpoints = [new EndpointDefinition { Address = "127.0.0.1" }],
                });
            },
            app => app.MapIngressBackend("app", b => AuthBackends.Protected(b, "app")));

        using var response = await GetAsync(gateway, "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sub = Assert.Single(_auth.Requests.Items);
        Assert.Equal("/oauth2/auth", sub.Target);
        Assert.Equal("oauth2-proxy.auth.svc.cluster.local", sub.Header("Host"));
    }

    [Fact]
    public async Task No_auth_locations_skip_authentication()
    {
        await using var gateway = await StartAsync(o =>
            o.Ingresses.Add(Ingresses.Single("acme", Host, "/.well-known/acme-challenge", "app", annotations: Ingresses.Nginx(("auth-url", _auth.Url + "/verify")))));
        _auth.AnswerWith(401);

        using var challenge = await GetAsync(gateway, "/.well-known/acme-challenge/token");
        using var other = await GetAsync(gateway, "/other");

        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
