using System.Text.RegularExpressions;

namespace IngressCore.Cli.Tests;

public sealed partial class ValidateCommandTests
{
    // path:line: namespace/name: field: severity: message (docs/cli.md)
    [GeneratedRegex(@"^(?<file>[^:]+):(?<line>\d+): (?<object>\S+): (?<field>\S+): (?<severity>error|warning|info): (?<message>.+)$")]
    private static partial Regex DiagnosticLine();

    [Fact]
    public async Task The_bundled_examples_validate_cleanly_and_report_the_skipped_class()
    {
        var result = await CliRunner.RunAsync(null, "validate", CliRunner.Assets("examples"));

        Assert.Equal(0, result.ExitCode);
        Assert.All(result.StdoutLines, line => Assert.Matches(DiagnosticLine(), line));
        var skipped = Assert.Single(result.StdoutLines, l => l.Contains("blog/legacy-blog", StringComparison.Ordinal));
        Assert.Contains(": info: not served: annotation kubernetes.io/ingress.class names class 'nginx'", skipped, StringComparison.Ordinal);
        Assert.DoesNotContain(result.StdoutLines, l => l.Contains(": error: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Broken_manifests_give_one_line_per_problem_naming_file_line_object_and_field_and_exit_1()
    {
        var result = await CliRunner.RunAsync(null, "validate", CliRunner.Assets("testassets", "broken"));

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
        var lines = result.StdoutLines.Select(l => DiagnosticLine().Match(l)).ToList();
        Assert.All(lines, m => Assert.True(m.Success));

        var port = Assert.Single(lines, m => m.Groups["object"].Value == "team-a/bad-host");
        Assert.EndsWith("bad-host.yaml", port.Groups["file"].Value, StringComparison.Ordinal);
        Assert.Equal("8", port.Groups["line"].Value);
        Assert.Equal("spec.rules[0].host", port.Groups["field"].Value);
        Assert.Equal("error", port.Groups["severity"].Value);
        Assert.Contains("port", port.Groups["message"].Value, StringComparison.Ordinal);

        Assert.Contains(lines, m => m.Groups["file"].Value.EndsWith("invalid-yaml.yaml", StringComparison.Ordinal) && m.Groups["severity"].Value == "error");
        Assert.Contains(lines, m => m.Groups["file"].Value.EndsWith("garbage.yaml", StringComparison.Ordinal) && m.Groups["severity"].Value == "error");
        Assert.DoesNotContain(lines, m => m.Groups["object"].Value == "team-a/good" && m.Groups["severity"].Value == "error");
        Assert.Contains("1 Ingress(es) served", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_conflict_is_a_warning_naming_the_older_winner()
    {
        var result = await CliRunner.RunAsync(null, "validate", CliRunner.Assets("testassets", "conflict"));

        Assert.Equal(0, result.ExitCode);
        var warning = Assert.Single(result.StdoutLines);
        Assert.Contains("default/newer", warning, StringComparison.Ordinal);
        Assert.Contains(": warning: ", warning, StringComparison.Ordinal);
        Assert.Contains("default/older", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_certificate_stores_warnings_are_printed_too()
    {
        var result = await CliRunner.RunAsync(null, "validate", CliRunner.Assets("testassets", "tls"));

        Assert.Equal(0, result.ExitCode);
        var missing = Assert.Single(result.StdoutLines, l => l.Contains("web/secure", StringComparison.Ordinal));
        var match = DiagnosticLine().Match(missing);
        Assert.True(match.Success, missing);
        Assert.EndsWith("redirects.yaml", match.Groups["file"].Value, StringComparison.Ordinal);
        Assert.Equal("spec.tls[0].secretName", match.Groups["field"].Value);
        Assert.Equal("warning", match.Groups["severity"].Value);
        Assert.Contains("secure-tls", match.Groups["message"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passthrough_hosts_without_a_Service_or_a_ready_endpoint_are_warned_as_serve_would_close_them()
    {
        var result = await CliRunner.RunAsync(null, "validate", CliRunner.Assets("testassets", "passthrough"));

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdoutLines.Select(l => DiagnosticLine().Match(l)).ToList();
        Assert.All(lines, m => Assert.True(m.Success));
        Assert.All(lines, m =>
        {
            Assert.EndsWith("passthrough.yaml", m.Groups["file"].Value, StringComparison.Ordinal);
            Assert.Equal("metadata.annotations[nginx.ingress.kubernetes.io/ssl-passthrough]", m.Groups["field"].Value);
            Assert.Equal("warning", m.Groups["severity"].Value);
        });

        var missing = Assert.Single(lines, m => m.Groups["object"].Value == "default/no-service");
        Assert.Equal(
            "ssl-passthrough host missing.example.com: Service default/nowhere was not found; its TLS connections are closed",
            missing.Groups["message"].Value);
        var notReady = Assert.Single(lines, m => m.Groups["object"].Value == "default/not-ready");
        Assert.Contains("Service default/starting-backend has no ready endpoint", notReady.Groups["message"].Value, StringComparison.Ordinal);

        // The host with a ready endpoint is passed through: nothing to say about it.
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public async Task An_unusable_TLS_Secret_is_an_error_and_exits_1()
    {
        var result = await CliRunner.RunAsync(null, "validate", CliRunner.Assets("testassets", "tls-broken"));

        Assert.Equal(1, result.ExitCode);
        Assert.All(result.StdoutLines, line => Assert.Matches(DiagnosticLine(), line));
        Assert.Contains(result.StdoutLines, l =>
            l.Contains(": shop/shop-tls: data[tls.key]: error: ", StringComparison.Ordinal) && l.Contains("shop.yaml:", StringComparison.Ordinal));
        Assert.Contains("1 error(s)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_path_is_an_error_not_a_crash()
    {
        var result = await CliRunner.RunAsync(null, "validate", CliRunner.Assets("no-such-folder"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-folder", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_json_writes_each_diagnostic_as_an_object()
    {
        var result = await CliRunner.RunAsync(null, "validate", CliRunner.Assets("testassets", "broken"), "--output", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(result.StdoutLines);
        Assert.All(result.StdoutLines, line =>
        {
            var diagnostic = System.Text.Json.JsonDocument.Parse(line).RootElement;
            Assert.Contains(diagnostic.GetProperty("severity").GetString(), new[] { "error", "warning", "info" });
            Assert.False(string.IsNullOrEmpty(diagnostic.GetProperty("message").GetString()));
        });
        Assert.Contains(result.StdoutLines, l => l.Contains("\"severity\":\"error\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_folder_where_nothing_is_served_says_so()
    {
        var result = await CliRunner.RunAsync(null, "validate", CliRunner.Assets("testassets", "classes"), "--ingress-class", "no-such-class", "--ignore-classless");

        Assert.Contains("nothing will be served", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(result.StdoutLines, l => l.Contains("no Ingress names the class served, 'no-such-class'", StringComparison.Ordinal));
    }
}
