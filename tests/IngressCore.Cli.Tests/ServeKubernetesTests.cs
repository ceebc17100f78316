using System.Text.Json;
using IngressCore.IntegrationTests.Support;
using IngressCore.Kubernetes.Tests.ApiServer;

namespace IngressCore.Cli.Tests;

/// <summary>
/// <c>ingresscore serve --kubernetes</c> end to end: the real process against the stand-in API
/// server (a real one cannot be installed here), requests with curl, cluster changes followed,
/// status published, a clean stop; and a kubeconfig that cannot be used ending the start clearly.
/// </summary>
public sealed class ServeKubernetesTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private StandInApiServer _server = null!;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _server = await StandInApiServer.StartAsync();
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"ingresscore-serve-{Guid.NewGuid():N}.yaml"));
    }

    public async Task DisposeAsync()
    {
        File.Delete(_kubeconfig);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Serve_kubernetes_routes_the_clusters_ingresses_follows_changes_publishes_status_and_stops_on_sigterm()
    {
        _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "web", ns: "shop"));
        _server.Apply(ClusterObjects.Ingress("elsewhere", "elsewhere.example.com", "web", ns: "other"));

        await using var serve = await ServeProcess.StartAsync(
            "--kubernetes", "--kubeconfig", _kubeconfig, "--namespace", "shop", "--publish-address", "192.0.2.7", "--echo");

        // Listening means listed: the first request is already routed by the cluster's Ingress.
        var first = await CurlRunner.GetAsync("app.example.com", serve.HttpPort, "http", "/");
        Assert.Equal(200, first.Status);
        Assert.Equal("shop/app", Json(first).GetProperty("ingress").GetString());
        Assert.Equal("web", Json(first).GetProperty("service").GetString());
        Assert.Equal(404, (await CurlRunner.GetAsync("elsewhere.example.com", serve.HttpPort, "http", "/")).Status);

        _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "api", ns: "shop"));
        await serve.WaitUntilAsync(async () => await ServiceAsync(serve) == "api", Timeout, "the watched change");

        await serve.WaitUntilAsync(
            () => _server.Get("Ingress", "shop", "app")?["status"]?["loadBalancer"]?["ingress"]?[0]?["ip"]?.GetValue<string>() == "192.0.2.7",
            Timeout,
            "status.loadBalancer written");
        Assert.Null(_server.Get("Ingress", "other", "elsewhere")!["status"]);

        Assert.Equal(0, await serve.TerminateAsync(Timeout));
    }

    [Fact]
    public async Task A_kubeconfig_that_cannot_be_used_ends_serve_with_a_clear_line()
    {
        var result = await CliRunner.RunAsync(null, "serve", "--kubernetes", "--kubeconfig", _kubeconfig, "--context", "missing", "--http", "127.0.0.1:0", "--https", "off");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            result.Stderr.Split('\n'),
            line => line.StartsWith("ingresscore: cannot use the kubeconfig " + _kubeconfig + " (context missing): ", StringComparison.Ordinal));
        Assert.Empty(result.Stdout);
    }

    private static JsonElement Json(CurlResponse response) => JsonDocument.Parse(response.Body).RootElement.Clone();

    private static async Task<string?> ServiceAsync(ServeProcess serve)
    {
        var response = await CurlRunner.GetAsync("app.example.com", serve.HttpPort, "http", "/");
        return response.Status == 200 ? Json(response).GetProperty("service").GetString() : null;
    }
}
