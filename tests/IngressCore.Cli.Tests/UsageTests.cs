namespace IngressCore.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData("")]
    [InlineData("frobnicate x")]
    [InlineData("validate")]
    [InlineData("validate x --no-such-option")]
    [InlineData("match x --request")]
    [InlineData("validate x --request http://a/")]
    [InlineData("match x --header novalue")]
    [InlineData("match x --echo")]
    [InlineData("serve x --http off --https off")]
    [InlineData("serve")]
    [InlineData("validate --kubernetes")]
    [InlineData("match x --kubernetes")]
    [InlineData("serve x --kubeconfig f")]
    [InlineData("serve x --namespace n")]
    [InlineData("serve --kubernetes --context")]
    [InlineData("match x --metrics 127.0.0.1:10254")]
    [InlineData("validate x --access-log off")]
    [InlineData("serve x --access-log maybe")]
    [InlineData("serve x --metrics nowhere")]
    [InlineData("validate x --auth-status 200")]
    [InlineData("match x --auth-status 42")]
    [InlineData("match x --auth-status ok")]
    [InlineData("match x --controller-config")]
    [InlineData("serve x --output text")]
    [InlineData("match x --output xml")]
    [InlineData("validate x --demo-backends")]
    [InlineData("match x --default-backend-service shop/web")]
    public async Task Usage_errors_exit_2_with_a_message_and_the_usage(string commandLine)
    {
        var result = await CliRunner.RunAsync(null, commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("ingresscore: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("usage: ingresscore", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_bad_request_url_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync(null, "match", CliRunner.Assets("examples"), "--request", "ftp://x/");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("only http and https", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        var result = await CliRunner.RunAsync(null, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("usage: ingresscore", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate", "--output text|json", "--http ADDR")]
    [InlineData("match", "--request URL", "--metrics ADDR")]
    [InlineData("serve", "--demo-backends", "--request URL")]
    public async Task Every_command_answers_help_with_its_own_options(string command, string its, string another)
    {
        var result = await CliRunner.RunAsync(null, command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"usage: ingresscore {command} PATH...", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(its, result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(another, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--ingress-class NAME", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task A_usage_error_shows_the_commands_own_usage()
    {
        var result = await CliRunner.RunAsync(null, "serve", "x", "--output", "text");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: ingresscore serve PATH...", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--request URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var result = await CliRunner.RunAsync(null, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^ingresscore \d+\.\d+\.\d+\S*\n?$", result.Stdout.Replace("\r", "", StringComparison.Ordinal));
    }
}
