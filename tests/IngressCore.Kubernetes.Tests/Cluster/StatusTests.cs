using System.Text.Json.Nodes;
using IngressCore.Kubernetes.Tests.ApiServer;

namespace IngressCore.Kubernetes.Tests.Cluster;

/// <summary>
/// <c>PublishAddress</c>: the served Ingresses' <c>status.loadBalancer.ingress</c> is written through
/// the status subresource, only when it differs, and only for Ingresses the runtime serves.
/// </summary>
public sealed class StatusTests : IAsyncLifetime
{
    private StandInApiServer _server = null!;

    public async Task InitializeAsync() => _server = await StandInApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_served_ingresses_get_the_address_and_the_others_are_left_alone()
    {
        _server.Apply(ClusterObjects.Ingress("served", "served.example.com", "app"));
        _server.Apply(ClusterObjects.Ingress("foreign", "foreign.example.com", "app", className: "nginx"));
        await using var gateway = await ClusterGateway.StartAsync(_server, o => o.PublishAddress = "192.0.2.10");

        await WaitForStatusAsync("served", "[{\"ip\":\"192.0.2.10\"}]");

        Assert.Null(_server.Get("Ingress", "default", "foreign")!["status"]);
        Assert.DoesNotContain(_server.Requests, r => r.Path.Contains("/foreign", StringComparison.Ordinal));
        Assert.Single(_server.Requests, r => r.Method == "PUT" && r.Path == StatusPath("served"));
    }

    [Fact]
    public async Task A_status_is_written_again_only_when_it_differs_and_new_ingresses_are_followed()
    {
        _server.Apply(ClusterObjects.Ingress("served", "served.example.com", "app"));
        await using var gateway = await ClusterGateway.StartAsync(_server, o => o.PublishAddress = "lb.example.com, 192.0.2.10");
        await WaitForStatusAsync("served", "[{\"hostname\":\"lb.example.com\"},{\"ip\":\"192.0.2.10\"}]");
        var routes = gateway.Runtime.Current.Routes;

        // A new Ingress is written; the first one, already right, is not written again.
        _server.Apply(ClusterObjects.Ingress("late", "late.example.com", "app"));
        await WaitForStatusAsync("late", "[{\"hostname\":\"lb.example.com\"},{\"ip\":\"192.0.2.10\"}]");
        Assert.Single(_server.Requests, r => r.Method == "PUT" && r.Path == StatusPath("served"));

        // Someone else's write is put right.
        var served = _server.Get("Ingress", "default", "served")!;
        served["status"] = JsonNode.Parse("""{ "loadBalancer": { "ingress": [ { "ip": "198.51.100.1" } ] } }""");
        _server.Apply(served);
        await _server.WaitForRequestAsync(r => r.Method == "PUT" && r.Path == StatusPath("served") && _server.Requests.Count(x => x.Path == StatusPath("served")) == 2, ClusterGateway.Timeout);
        await WaitForStatusAsync("served", "[{\"hostname\":\"lb.example.com\"},{\"ip\":\"192.0.2.10\"}]");

        // Status writes change no Ingress the model holds: the table built after "late" is still the one served.
        var now = await gateway.WaitForAsync(s => s.Routes.Ingresses.Count == 2);
        Assert.NotSame(routes, now.Routes);
        Assert.Same(now.Routes, gateway.Runtime.Current.Routes);
    }

    [Fact]
    public async Task No_status_is_written_without_a_publish_address()
    {
        _server.Apply(ClusterObjects.Ingress("served", "served.example.com", "app"));
        await using var gateway = await ClusterGateway.StartAsync(_server);
        _server.Apply(ClusterObjects.Ingress("late", "late.example.com", "app"));
        await gateway.WaitForAsync(s => s.Routes.Ingresses.Count == 2);

        Assert.DoesNotContain(_server.Requests, r => r.Method is "PUT" or "PATCH");
    }

    private static string StatusPath(string name) => $"/apis/networking.k8s.io/v1/namespaces/default/ingresses/{name}/status";

    private async Task WaitForStatusAsync(string name, string expected)
    {
        using var cancel = new CancellationTokenSource(ClusterGateway.Timeout);
        while (_server.Get("Ingress", "default", name)?["status"]?["loadBalancer"]?["ingress"]?.ToJsonString() != expected)
        {
            try
            {
                await Task.Delay(20, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{name}: status {_server.Get("Ingress", "default", name)?["status"]?.ToJsonString()}, not {expected}");
            }
        }
    }
}
