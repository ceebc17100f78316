using System.Text;
using System.Text.Json;
using IngressCore.IntegrationTests.Support;

namespace IngressCore.Cli.Tests;

/// <summary>
/// <c>ingresscore serve</c> on a folder of real-world authentication Ingresses (testassets/realworld-auth:
/// oauth2-proxy with auth-url and auth-signin, basic auth from an htpasswd Secret, client
/// certificates), with a stand-in oauth2-proxy answering as the real one does, and curl as the client.
/// </summary>
public sealed class ServeAuthTests : IAsyncLifetime, IDisposable
{
    private static readonly string Assets = Path.Combine(AppContext.BaseDirectory, "testassets");
    private readonly string _folder = Directory.CreateTempSubdirectory("ingresscore-serve-auth-").FullName;
    private AuthService _oauth2Proxy = null!;

    public async Task InitializeAsync()
    {
        // oauth2-proxy's /oauth2/auth: 202 with the user for a valid session cookie, 401 otherwise.
        _oauth2Proxy = await AuthService.StartAsync();
        _oauth2Proxy.Answer = (request, response) =>
        {
            if (request.Header("Cookie")?.Contains("_oauth2_proxy=valid", StringComparison.Ordinal) == true)
            {
                response.StatusCode = 202;
                response.Headers["X-Auth-Request-User"] = "alice";
                response.Headers["X-Auth-Request-Email"] = "alice@example.com";
            }
            else
            {
                response.StatusCode = 401;
            }

            return Task.CompletedTask;
        };

        foreach (var file in Directory.GetFiles(Path.Combine(Assets, "realworld-auth")))
        {
            var text = await File.ReadAllTextAsync(file);
            // The EndpointSlice names where oauth2-proxy runs: here, the stand-in's port.
            text = text.Replace("ports:\n  - name: http\n    port: 4180\nendpoints:", $"ports:\n  - name: http\n    port: {_oauth2Proxy.Port}\nendpoints:", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(_folder, Path.GetFileName(file)), text);
        }
    }

    public async Task DisposeAsync() => await _oauth2Proxy.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<ServeProcess> ServeAsync() => ServeProcess.StartAsync("--ingress-class", "nginx", "--echo", _folder);

    private static Task<CurlResponse> HttpsAsync(ServeProcess serve, string host, string target, params string[] extra) =>
        Curl.RunAsync(["--max-time", "15", "-k", "--resolve", $"{host}:{serve.HttpsPort}:127.0.0.1", .. extra, $"https://{host}:{serve.HttpsPort}{target}"]);

    [Fact]
    public async Task The_oauth2_proxy_dashboard_signs_in_and_hands_the_user_to_the_app()
    {
        await using var serve = await ServeAsync();

        var signedOut = await HttpsAsync(serve, "dashboard.example.com", "/d/abc?orgId=1");
        var signedIn = await HttpsAsync(serve, "dashboard.example.com", "/d/abc?orgId=1", "-H", "Cookie: _oauth2_proxy=valid", "-H", "X-Auth-Request-User: mallory");

        Assert.Equal(302, signedOut.Status);
        Assert.Equal("https://dashboard.example.com/oauth2/start?rd=%2Fd%2Fabc%3ForgId%3D1", signedOut.Header("Location"));
        Assert.Equal(200, signedIn.Status);
        using var echo = JsonDocument.Parse(signedIn.Body);
        Assert.Equal("grafana", echo.RootElement.GetProperty("service").GetString());
        var headers = echo.RootElement.GetProperty("authHeaders");
        Assert.Equal("alice", headers.GetProperty("x-auth-request-user").GetString());
        Assert.Equal("alice@example.com", headers.GetProperty("x-auth-request-email").GetString());

        // The subrequest went to the Service's endpoint, as the gateway was asked it.
        var sub = _oauth2Proxy.Requests.Items[^1];
        Assert.Equal("/oauth2/auth", sub.Target);
        Assert.Equal($"https://dashboard.example.com:{serve.HttpsPort}/d/abc?orgId=1", sub.Header("X-Original-URL")); // $http_host: the Host as sent
        Assert.Equal("oauth2-proxy.auth.svc.cluster.local", sub.Header("Host"));

        // oauth2-proxy's own paths are not behind the auth.
        var start = await HttpsAsync(serve, "dashboard.example.com", "/oauth2/start?rd=%2F");
        Assert.Equal(200, start.Status);
        Assert.Equal("auth/oauth2-proxy", JsonDocument.Parse(start.Body).RootElement.GetProperty("ingress").GetString());
    }

    [Fact]
    public async Task An_oauth2_proxy_that_is_down_fails_closed_with_500()
    {
        await using var serve = await ServeAsync();
        await _oauth2Proxy.DisposeAsync();

        var response = await HttpsAsync(serve, "dashboard.example.com", "/", "-H", "Cookie: _oauth2_proxy=valid");

        Assert.Equal(500, response.Status);
        await serve.WaitUntilAsync(() => serve.StderrLineCount("external auth for Ingress monitoring/dashboard failed") > 0, TimeSpan.FromSeconds(10), "auth failure log line");
        _oauth2Proxy = await AuthService.StartAsync(); // for DisposeAsync
    }

    [Fact]
    public async Task Basic_auth_takes_foo_and_bar_and_refuses_the_rest()
    {
        await using var serve = await ServeAsync();

        var anonymous = await Curl.GetAsync(serve.HttpPort, "basic.example.com", "/");
        var wrong = await Curl.GetAsync(serve.HttpPort, "basic.example.com", "/", "-u", "foo:baz");
        var right = await Curl.GetAsync(serve.HttpPort, "basic.example.com", "/", "-u", "foo:bar");

        Assert.Equal(401, anonymous.Status);
        Assert.Equal("Basic realm=\"Authentication Required - foo\"", anonymous.Header("WWW-Authenticate"));
        Assert.Equal(401, wrong.Status);
        Assert.Equal(200, right.Status);
    }

    [Fact]
    public async Task Client_certificates_let_alice_in_and_tell_the_app_who_she_is()
    {
        await using var serve = await ServeAsync();
        var client = Path.Combine(Assets, "realworld-auth-client");

        var without = await HttpsAsync(serve, "mtls.example.com", "/");
        var alice = await HttpsAsync(serve, "mtls.example.com", "/", "--cert", Path.Combine(client, "alice.crt"), "--key", Path.Combine(client, "alice.key"));

        Assert.Equal(400, without.Status);
        Assert.Equal(200, alice.Status);
        var headers = JsonDocument.Parse(alice.Body).RootElement.GetProperty("authHeaders");
        Assert.Equal("SUCCESS", headers.GetProperty("ssl-client-verify").GetString());
        Assert.Equal("CN=alice,O=Example", headers.GetProperty("ssl-client-subject-dn").GetString());
        Assert.Equal("CN=Example Client CA", headers.GetProperty("ssl-client-issuer-dn").GetString());
        var pem = Uri.UnescapeDataString(headers.GetProperty("ssl-client-cert").GetString()!);
        Assert.Equal(File.ReadAllText(Path.Combine(client, "alice.crt")), pem);
    }

    [Fact]
    public async Task Validate_finds_nothing_wrong_in_the_folder()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync(null, "validate", "--ingress-class", "nginx", Path.Combine(Assets, "realworld-auth"));

        Assert.Equal(0, exit);
        Assert.Equal("", stdout.Trim());
        Assert.Contains("4 Ingress(es) served", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_controller_config_sets_the_defaults_serve_uses()
    {
        await using var serve = await ServeProcess.StartAsync(
            "--ingress-class", "nginx", "--echo", "--controller-config", Path.Combine(Assets, "controller-config", "ingress-nginx-controller.yaml"), _folder);

        // ssl-redirect: "false" — the TLS host is served over plain HTTP; hsts-max-age: "600".
        var plain = await Curl.GetAsync(serve.HttpPort, "dashboard.example.com", "/oauth2/start");
        var secure = await HttpsAsync(serve, "dashboard.example.com", "/oauth2/start");

        Assert.Equal(200, plain.Status);
        Assert.Equal("max-age=600", secure.Header("Strict-Transport-Security"));
        Assert.Contains("data[some-typo-setting]: warning: is not an ingress-nginx setting IngressCore knows", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_controller_config_with_global_auth_is_refused()
    {
        var config = Path.Combine(_folder, "..", $"controller-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
            data:
              global-auth-url: "http://auth.example.com/verify"
            """);
        try
        {
            var (exit, _, stderr) = await CliRunner.RunAsync(null, "serve", "--controller-config", config, "--http", "127.0.0.1:0", "--https", "off", _folder);

            Assert.Equal(1, exit);
            Assert.Contains("data[global-auth-url]: error: global external authentication is not supported", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }
}
