using System.Text.Json;

namespace IngressCore.Cli.Tests;

/// <summary>
/// <c>match</c> reports what rewrite-target, app-root, permanent-redirect, from-to-www-redirect and canary
/// annotations make of a request (the same IngressRequestDecider the gateway runs), on testassets/annotations.
/// </summary>
public sealed class AnnotationMatchTests
{
    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement.Clone();

    private static async Task<List<JsonElement>> MatchAsync(bool explain, params string[] requests)
    {
        string[] args = explain
            ? ["match", CliRunner.Assets("testassets", "annotations"), "--explain"]
            : ["match", CliRunner.Assets("testassets", "annotations")];
        var result = await CliRunner.RunAsync(string.Join('\n', requests) + "\n", args);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdoutLines.Select(Parse).ToList();
        Assert.Equal(requests.Length, lines.Count);
        return lines;
    }

    [Fact]
    public async Task Json_lines_report_upstream_path_redirect_and_canary()
    {
        var lines = await MatchAsync(
            false,
            """{"host":"rewrite.example.com","path":"/something/new?x=1"}""",
            """{"host":"approot.example.com:8080","path":"/?q=1"}""",
            """{"host":"moved.example.com","path":"/anything"}""",
            """{"host":"www.shop.example.com","path":"/cart/"}""",
            """{"host":"canary.example.com","path":"/app","headers":{"X-Canary":"always"}}""",
            """{"host":"canary.example.com","path":"/app"}""");

        // rewrite-target /$2 on /something(/|$)(.*): the backend gets the second capture and the query.
        Assert.Equal("http-svc", lines[0].GetProperty("service").GetString());
        Assert.Equal("/new?x=1", lines[0].GetProperty("upstreamPath").GetString());
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("redirect").ValueKind);
        Assert.False(lines[0].GetProperty("canary").GetBoolean());

        // app-root: 302 to the Host as sent, query dropped.
        AssertRedirect(lines[1], 302, "http://approot.example.com:8080/dashboard");

        // permanent-redirect with permanent-redirect-code 308: exactly the URL.
        AssertRedirect(lines[2], 308, "https://new.example.com/home");

        // from-to-www-redirect: the www twin answers 308 to the bare host, port written, trailing slash removed.
        AssertRedirect(lines[3], 308, "http://shop.example.com:80/cart");

        // canary-by-header: "always" takes the canary; no header stays on the primary.
        Assert.True(lines[4].GetProperty("canary").GetBoolean());
        Assert.Equal("preview", lines[4].GetProperty("service").GetString());
        Assert.Equal("web/preview", lines[4].GetProperty("ingress").GetString());
        Assert.Equal("/app", lines[4].GetProperty("upstreamPath").GetString());
        Assert.False(lines[5].GetProperty("canary").GetBoolean());
        Assert.Equal("stable", lines[5].GetProperty("service").GetString());
    }

    [Fact]
    public async Task Explain_names_what_decided()
    {
        var lines = await MatchAsync(
            true,
            """{"host":"rewrite.example.com","path":"/something"}""",
            """{"host":"approot.example.com","path":"/"}""",
            """{"host":"moved.example.com","path":"/"}""",
            """{"host":"www.shop.example.com","path":"/"}""",
            """{"host":"canary.example.com","path":"/","headers":{"X-Canary":"always"}}""",
            """{"host":"canary.example.com","path":"/","headers":{"X-Canary":"never"}}""");

        var explains = lines.Select(l => l.GetProperty("explain")).ToList();
        Assert.Equal(
            ["path", "app-root", "permanent-redirect", "from-to-www-redirect", "path", "path"],
            explains.Select(e => e.GetProperty("decidedBy").GetString()));
        Assert.True(explains[0].GetProperty("rewritten").GetBoolean());
        Assert.Equal("/", lines[0].GetProperty("upstreamPath").GetString());
        Assert.Contains("rewrite-target", lines[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("canary-by-header", explains[4].GetProperty("canaryRule").GetString());
        Assert.Contains("canary", lines[4].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("canary-by-header", explains[5].GetProperty("canaryRule").GetString());
        Assert.False(lines[5].GetProperty("canary").GetBoolean());
        Assert.Equal(JsonValueKind.Null, explains[1].GetProperty("canaryRule").ValueKind);
        Assert.Empty(explains[0].GetProperty("notServed").EnumerateArray());
    }

    private static void AssertRedirect(JsonElement line, int status, string location)
    {
        var redirect = line.GetProperty("redirect");
        Assert.Equal(status, redirect.GetProperty("status").GetInt32());
        Assert.Equal(location, redirect.GetProperty("location").GetString());
        Assert.Equal(status, line.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("upstreamPath").ValueKind);
        Assert.False(line.GetProperty("canary").GetBoolean());
    }
}
