using System.Text.Json;

namespace IngressCore.Cli.Tests;

public sealed class MatchCommandTests
{
    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement.Clone();

    [Fact]
    public async Task A_request_to_the_examples_names_ingress_rule_backend_and_upstream_path()
    {
        var result = await CliRunner.RunAsync(null, "match", CliRunner.Assets("examples"), "--request", "http://SHOP.example.com:8080/api/orders/42?x=1");

        Assert.Equal(0, result.ExitCode);
        var json = Parse(Assert.Single(result.StdoutLines));
        Assert.True(json.GetProperty("matched").GetBoolean());
        Assert.Equal("shop/shop", json.GetProperty("ingress").GetString());
        Assert.Equal("shop.example.com", json.GetProperty("ruleHost").GetString());
        Assert.Equal("/api", json.GetProperty("path").GetString());
        Assert.Equal("Prefix", json.GetProperty("pathType").GetString());
        Assert.Equal("shop-api", json.GetProperty("service").GetString());
        Assert.Equal(8080, json.GetProperty("port").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("portName").ValueKind);
        Assert.False(json.GetProperty("canary").GetBoolean());
        Assert.Equal("/api/orders/42?x=1", json.GetProperty("upstreamPath").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("redirect").ValueKind);
        Assert.False(json.GetProperty("defaultBackend").GetBoolean());
        Assert.False(json.TryGetProperty("explain", out _));
    }

    [Fact]
    public async Task Json_lines_in_give_one_decision_per_line_out_in_order()
    {
        var requests = string.Join('\n',
            """{"host":"shop.example.com","path":"/api/health","method":"GET","scheme":"http","headers":{},"cookies":{}}""",
            """{"host":"shop.example.com","path":"/api/health/"}""",
            """{"host":"bob.platform.example.com","path":"/static/app.js"}""",
            """{"host":"acme.platform.example.com","path":"/static/app.js"}""",
            """{"host":"a.b.platform.example.com","path":"/"}""",
            """{"host":"shop.example.com","path":"/"}""");

        var result = await CliRunner.RunAsync(requests, "match", CliRunner.Assets("examples"));

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdoutLines.Select(Parse).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal("shop-health", lines[0].GetProperty("service").GetString());
        Assert.Equal("Exact", lines[0].GetProperty("pathType").GetString());
        Assert.Equal("shop-api", lines[1].GetProperty("service").GetString());
        Assert.Equal("static-assets", lines[2].GetProperty("service").GetString());
        Assert.Equal("*.platform.example.com", lines[2].GetProperty("ruleHost").GetString());
        Assert.Equal("acme-dedicated", lines[3].GetProperty("service").GetString());

        // Two labels are not covered by a one-label wildcard: the catch-all takes it.
        Assert.False(lines[4].GetProperty("matched").GetBoolean());
        Assert.True(lines[4].GetProperty("defaultBackend").GetBoolean());
        Assert.Equal("not-found-page", lines[4].GetProperty("service").GetString());
        Assert.Equal("platform/fallback", lines[4].GetProperty("ingress").GetString());

        Assert.Equal("shop-web", lines[5].GetProperty("service").GetString());
        Assert.Equal("http", lines[5].GetProperty("portName").GetString());
        Assert.Equal(JsonValueKind.Null, lines[5].GetProperty("port").ValueKind);
    }

    [Fact]
    public async Task Explain_lists_every_rule_with_why_it_lost()
    {
        var result = await CliRunner.RunAsync(null, "match", CliRunner.Assets("examples"), "--request", "http://shop.example.com/API/orders", "--explain");

        var json = Parse(Assert.Single(result.StdoutLines));
        Assert.Equal("shop-web", json.GetProperty("service").GetString());
        var explain = json.GetProperty("explain");
        Assert.Equal("/API/orders", explain.GetProperty("normalizedPath").GetString());
        var rules = explain.GetProperty("rules").EnumerateArray().ToList();
        var api = Assert.Single(rules, r => r.GetProperty("path").GetString() == "/api" && r.GetProperty("kind").GetString() == "path" && r.GetProperty("host").GetString() == "shop.example.com");
        Assert.False(api.GetProperty("selected").GetBoolean());
        Assert.Contains("case", api.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var wildcard = rules.First(r => r.GetProperty("host").GetString() == "*.platform.example.com");
        Assert.Contains("does not match", wildcard.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Single(rules, r => r.GetProperty("selected").GetBoolean());
        Assert.Contains(explain.GetProperty("notServed").EnumerateArray(), d => d.GetString()!.Contains("blog/legacy-blog", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_whose_ingress_is_of_another_class_is_explained_not_just_404()
    {
        var result = await CliRunner.RunAsync(null, "match", CliRunner.Assets("examples"), "--request", "http://blog.example.com/", "--explain");

        var json = Parse(Assert.Single(result.StdoutLines));
        Assert.False(json.GetProperty("matched").GetBoolean());
        Assert.Equal("not-found-page", json.GetProperty("service").GetString());
        var notServed = json.GetProperty("explain").GetProperty("notServed").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(notServed, d => d.Contains("legacy-blog", StringComparison.Ordinal) && d.Contains("nginx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_path_escaping_the_root_is_400_and_an_unknown_host_without_default_is_404()
    {
        var requests = """
            {"host":"edge.example.com","path":"/a/../../etc/passwd"}
            {"host":"nowhere.example.com","path":"/"}
            """;

        var result = await CliRunner.RunAsync(requests, "match", CliRunner.Assets("testassets", "classes"), "--ingress-class", "edge");

        var lines = result.StdoutLines.Select(Parse).ToList();
        Assert.Equal(400, lines[0].GetProperty("status").GetInt32());
        Assert.Equal(404, lines[1].GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("service").ValueKind);
    }

    [Theory]
    [InlineData(new string[0], "edge.example.com", false)]
    [InlineData(new[] { "--ingress-class", "edge" }, "edge.example.com", true)]
    [InlineData(new[] { "--ingress-class", "edge" }, "plain.example.com", true)]
    [InlineData(new[] { "--ingress-class", "edge", "--ignore-classless" }, "plain.example.com", false)]
    [InlineData(new[] { "--ingress-class", "edge", "--ignore-classless" }, "edge.example.com", true)]
    public async Task Ingress_class_options_choose_what_is_served(string[] options, string host, bool matched)
    {
        string[] args = ["match", CliRunner.Assets("testassets", "classes"), "--request", $"http://{host}/", .. options];

        var result = await CliRunner.RunAsync(null, args);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(matched, Parse(Assert.Single(result.StdoutLines)).GetProperty("matched").GetBoolean());
    }

    [Fact]
    public async Task An_unreadable_request_line_gets_an_error_line_and_exit_1_and_the_rest_is_answered()
    {
        var requests = "{not json\n[1,2]\n{\"host\":5}\n{\"host\":\"shop.example.com\",\"path\":\"/\"}\n";

        var result = await CliRunner.RunAsync(requests, "match", CliRunner.Assets("examples"));

        Assert.Equal(1, result.ExitCode);
        var lines = result.StdoutLines.Select(Parse).ToList();
        Assert.Equal(4, lines.Count);
        Assert.StartsWith("line 1: ", lines[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("line 2: ", lines[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("line 3: ", lines[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(lines[3].GetProperty("matched").GetBoolean());
    }

    [Fact]
    public async Task Output_text_lays_the_decision_out_for_people()
    {
        var result = await CliRunner.RunAsync(null, "match", CliRunner.Assets("examples"), "--request", "http://legacy.example.com/legacy/orders/7", "--output", "text");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("http://legacy.example.com/legacy/orders/7", result.StdoutLines[0]);
        // (StdoutLines are trimmed: the text indents each field by two spaces.)
        Assert.Contains("route     legacy/legacy  legacy.example.com ImplementationSpecific /legacy(/|$)(.*)", result.StdoutLines);
        Assert.Contains("service   legacy-app:80", result.StdoutLines);
        Assert.Contains("upstream  /orders/7", result.StdoutLines);
        Assert.DoesNotContain(result.StdoutLines, l => l.StartsWith('{'));
    }

    [Fact]
    public async Task Output_text_shows_a_redirect_and_a_gateway_status()
    {
        var result = await CliRunner.RunAsync(
            "{\"host\":\"legacy.example.com\",\"path\":\"/old-shop\"}\n{\"host\":\"nowhere.example.org\",\"path\":\"/../x\"}\n", "match", CliRunner.Assets("examples"), "--output", "text");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("redirect  301 to https://shop.example.com/", result.StdoutLines);
        Assert.Contains("answer    400 from the gateway", result.StdoutLines);
    }
}
