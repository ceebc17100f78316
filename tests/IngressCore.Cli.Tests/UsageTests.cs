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
}
