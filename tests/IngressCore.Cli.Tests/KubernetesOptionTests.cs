namespace IngressCore.Cli.Tests;

/// <summary>The parser's reading of <c>serve --kubernetes</c> and the options that go with it.</summary>
public sealed class KubernetesOptionTests
{
    [Fact]
    public void Serve_kubernetes_needs_no_path_and_takes_its_options()
    {
        var (options, error) = CliParser.Parse(
            ["serve", "--kubernetes", "--kubeconfig", "/k/config", "--context", "prod", "--namespace", "web", "--publish-address", "192.0.2.7"]);

        Assert.Null(error);
        Assert.True(options!.Kubernetes);
        Assert.Empty(options.Paths);
        Assert.Equal(("/k/config", "prod", "web", "192.0.2.7"), (options.Kubeconfig, options.Context, options.Namespace, options.PublishAddress));
    }

    [Fact]
    public void Manifest_paths_may_be_given_beside_the_cluster()
    {
        var (options, error) = CliParser.Parse(["serve", "extra/", "--kubernetes"]);

        Assert.Null(error);
        Assert.Equal(["extra/"], options!.Paths);
        Assert.True(options.Kubernetes);
        Assert.Null(options.Kubeconfig);
    }

    [Theory]
    [InlineData("serve", "serve needs at least one PATH (a manifest file or folder), or --kubernetes")]
    [InlineData("validate x --kubernetes", "--kubernetes is only for serve")]
    [InlineData("serve x --context c", "--kubeconfig, --context, --namespace and --publish-address need --kubernetes")]
    [InlineData("serve x --publish-address 1.2.3.4", "--kubeconfig, --context, --namespace and --publish-address need --kubernetes")]
    [InlineData("serve --kubernetes --kubeconfig", "--kubeconfig needs a value")]
    public void Misuse_is_refused_with_a_reason(string commandLine, string expected)
    {
        var (options, error) = CliParser.Parse(commandLine.Split(' '));

        Assert.Null(options);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void The_usage_describes_the_kubernetes_options()
    {
        foreach (var option in (string[])["--kubernetes", "--kubeconfig FILE", "--context NAME", "--namespace NS", "--publish-address A"])
        {
            Assert.Contains(option, CliParser.Usage, StringComparison.Ordinal);
        }
    }
}
