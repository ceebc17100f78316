using System.Text;
using System.Text.Json;

namespace IngressCore.Cli.Tests;

/// <summary>
/// <c>match</c> and the access control of a location: which checks run (<c>"auth"</c>), and what
/// they decide given the auth service's answer (<c>--auth-status</c>) and the request's
/// <c>Authorization</c> header; cookies read from a <c>Cookie</c> header as a browser sends them.
/// </summary>
public sealed class AuthMatchTests : IDisposable
{
    private static readonly string RealWorld = CliRunner.Assets("testassets", "realworld-auth");
    private readonly string _folder = Directory.CreateTempSubdirectory("ingresscore-match-auth-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<JsonElement> MatchOneAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync(null, ["match", "--ingress-class", "nginx", .. args]);
        Assert.Equal(0, result.ExitCode);
        return JsonDocument.Parse(Assert.Single(result.StdoutLines)).RootElement.Clone();
    }

    [Theory]
    [InlineData("202", true, 0, null)]
    [InlineData("401", false, 302, "https://dashboard.example.com/oauth2/start?rd=%2Fd%2F1")]
    [InlineData("403", false, 403, null)]
    [InlineData("500", false, 500, null)]
    [InlineData("302", false, 500, null)] // a redirect from the auth service is an error, never a pass
    [InlineData("0", false, 500, null)]   // no answer
    public async Task The_auth_status_says_what_the_gateway_does(string status, bool allowed, int answer, string? location)
    {
        var line = await MatchOneAsync(RealWorld, "--request", "https://dashboard.example.com/d/1", "--auth-status", status);

        var auth = line.GetProperty("auth");
        Assert.Equal("http://oauth2-proxy.auth.svc.cluster.local:4180/oauth2/auth", auth.GetProperty("external").GetString());
        Assert.Equal("https://$host/oauth2/start?rd=$escaped_request_uri", auth.GetProperty("signin").GetString());
        Assert.Equal(allowed, auth.GetProperty("allowed").GetBoolean());
        Assert.Equal(answer, allowed ? 0 : auth.GetProperty("status").GetInt32());
        Assert.Equal(location, auth.GetProperty("location").GetString());
    }

    [Fact]
    public async Task Without_an_auth_status_the_output_says_the_answer_decides()
    {
        var auth = (await MatchOneAsync(RealWorld, "--request", "https://dashboard.example.com/")).GetProperty("auth");

        Assert.False(auth.GetProperty("allowed").GetBoolean());
        Assert.False(auth.TryGetProperty("status", out _));
        Assert.Contains("--auth-status", auth.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("foo:bar", true)]
    [InlineData("foo:wrong", false)]
    [InlineData(null, false)]
    public async Task Basic_auth_checks_the_authorization_header(string? credentials, bool allowed)
    {
        string[] header = credentials is null ? [] : ["--header", "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))];

        var auth = (await MatchOneAsync([RealWorld, "--request", "http://basic.example.com/", .. header])).GetProperty("auth");

        Assert.Equal("default/basic-auth", auth.GetProperty("basic").GetString());
        Assert.Equal("Authentication Required - foo", auth.GetProperty("realm").GetString());
        Assert.Equal(allowed, auth.GetProperty("allowed").GetBoolean());
        if (!allowed)
        {
            Assert.Equal(401, auth.GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task Client_certificates_are_named_with_their_mode()
    {
        var auth = (await MatchOneAsync(RealWorld, "--request", "https://mtls.example.com/")).GetProperty("auth");

        Assert.Equal("default/ca-secret", auth.GetProperty("clientCertificates").GetString());
        Assert.Equal("on", auth.GetProperty("verifyClient").GetString());
        Assert.True(auth.GetProperty("usable").GetBoolean());
    }

    [Fact]
    public async Task A_location_without_access_control_has_no_auth()
    {
        var line = await MatchOneAsync(RealWorld, "--request", "https://dashboard.example.com/oauth2/start");

        Assert.False(line.TryGetProperty("auth", out _));
    }

    [Fact]
    public async Task Cookies_are_read_from_a_Cookie_header_too()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "canary.yaml"), """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: stable, namespace: web, creationTimestamp: "2026-01-01T00:00:00Z"}
            spec:
              ingressClassName: nginx
              rules:
                - host: cookie.example.com
                  http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: stable, port: {number: 80}}}}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: preview
              namespace: web
              creationTimestamp: "2026-01-02T00:00:00Z"
              annotations:
                nginx.ingress.kubernetes.io/canary: "true"
                nginx.ingress.kubernetes.io/canary-by-cookie: "canary"
            spec:
              ingressClassName: nginx
              rules:
                - host: cookie.example.com
                  http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: preview, port: {number: 80}}}}]}
            """);

        var fromHeader = await MatchOneAsync(_folder, "--request", "http://cookie.example.com/", "--header", "Cookie: session=1; canary=always");
        var result = await CliRunner.RunAsync(
            """{"host":"cookie.example.com","path":"/","headers":{"Cookie":"canary=always"}}""" + "\n" +
            """{"host":"cookie.example.com","path":"/","headers":{"Cookie":"canary=always"},"cookies":{"canary":"never"}}""" + "\n",
            "match", "--ingress-class", "nginx", _folder);

        Assert.True(fromHeader.GetProperty("canary").GetBoolean());
        var lines = result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.True(lines[0].GetProperty("canary").GetBoolean());
        Assert.False(lines[1].GetProperty("canary").GetBoolean()); // "cookies" wins over the header
    }

    [Fact]
    public async Task Validate_reads_the_controller_config_and_names_its_keys()
    {
        var result = await CliRunner.RunAsync(
            null, "validate", "--ingress-class", "nginx", "--controller-config", CliRunner.Assets("testassets", "controller-config", "ingress-nginx-controller.yaml"), RealWorld);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.StdoutLines, l => l.EndsWith("data[some-typo-setting]: warning: is not an ingress-nginx setting IngressCore knows; ignored", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.Contains("data[use-gzip]: warning: is an ingress-nginx setting IngressCore does not apply", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Match_uses_the_controller_configs_redirect_settings()
    {
        var with = await MatchOneAsync("--controller-config", CliRunner.Assets("testassets", "controller-config", "ingress-nginx-controller.yaml"), RealWorld, "--request", "http://mtls.example.com/");
        var without = await MatchOneAsync(RealWorld, "--request", "http://mtls.example.com/");

        Assert.Equal(JsonValueKind.Null, with.GetProperty("redirect").ValueKind); // ssl-redirect: "false"
        Assert.Equal(308, without.GetProperty("redirect").GetProperty("status").GetInt32());
    }
}
