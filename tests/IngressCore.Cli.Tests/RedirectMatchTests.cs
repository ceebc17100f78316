using System.Text.Json;
using IngressCore.Matching;

namespace IngressCore.Cli.Tests;

/// <summary><c>match</c> reports the ssl-redirect decision the serve middleware makes (the same SslRedirectPolicy).</summary>
public sealed class RedirectMatchTests
{
    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement.Clone();

    [Fact]
    public async Task A_plain_http_request_for_a_tls_host_reports_the_308_and_its_location()
    {
        var result = await CliRunner.RunAsync(null, "match", CliRunner.Assets("testassets", "tls"), "--request", "http://secure.example.com:8080/a/?q=1");

        Assert.Equal(0, result.ExitCode);
        var json = Parse(Assert.Single(result.StdoutLines));
        Assert.True(json.GetProperty("matched").GetBoolean());
        Assert.Equal("web", json.GetProperty("service").GetString());
        var redirect = json.GetProperty("redirect");
        Assert.Equal(308, redirect.GetProperty("status").GetInt32());
        Assert.Equal("https://secure.example.com/a/?q=1", redirect.GetProperty("location").GetString());
        Assert.Equal(308, json.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Json_requests_get_the_redirect_the_gateway_would_answer()
    {
        (string Request, string? Location)[] cases =
        [
            ("""{"host":"secure.example.com","path":"/","scheme":"http"}""", "https://secure.example.com"),
            ("""{"host":"secure.example.com","path":"/a/"}""", "https://secure.example.com/a"),
            ("""{"host":"force.example.com","path":"/"}""", "https://force.example.com"),
            ("""{"host":"FORCE.example.com:80","path":"/x?y=/z"}""", "https://FORCE.example.com/x?y=/z"),
            ("""{"host":"secure.example.com","path":"/","scheme":"https"}""", null),
            ("""{"host":"plain.example.com","path":"/"}""", null),
            // No trusted proxy in a request line: its X-Forwarded-Proto changes nothing either way.
            ("""{"host":"plain.example.com","path":"/","headers":{"X-Forwarded-Proto":"https"}}""", null),
            ("""{"host":"secure.example.com","path":"/","headers":{"X-Forwarded-Proto":"https"}}""", "https://secure.example.com"),
        ];

        var result = await CliRunner.RunAsync(string.Join('\n', cases.Select(c => c.Request)) + "\n", "match", CliRunner.Assets("testassets", "tls"));

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdoutLines.Select(Parse).ToList();
        Assert.Equal(cases.Length, lines.Count);
        foreach (var ((request, location), json) in cases.Zip(lines))
        {
            var redirect = json.GetProperty("redirect");
            if (location is null)
            {
                Assert.True(redirect.ValueKind == JsonValueKind.Null, request);
                Assert.False(json.TryGetProperty("status", out _), request);
            }
            else
            {
                Assert.Equal(location, redirect.GetProperty("location").GetString());
                Assert.Equal(308, redirect.GetProperty("status").GetInt32());
            }
        }
    }
}
