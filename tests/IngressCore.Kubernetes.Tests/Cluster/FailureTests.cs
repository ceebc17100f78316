using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using IngressCore.Diagnostics;
using IngressCore.Kubernetes.Cluster;
using IngressCore.Kubernetes.Tests.ApiServer;
using Microsoft.Extensions.Options;

namespace IngressCore.Kubernetes.Tests.Cluster;

/// <summary>
/// What goes wrong: a kind the source may not read, objects the model cannot hold, a server that
/// cannot be reached or refuses the credentials, a kubeconfig that does not exist.
/// </summary>
public sealed class FailureTests : IAsyncLifetime
{
    private StandInApiServer _server = null!;

    public async Task InitializeAsync() => _server = await StandInApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_forbidden_kind_is_reported_by_kind_and_reason_while_the_others_serve_and_is_read_once_allowed()
    {
        _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "app"));
        _server.Apply(ClusterObjects.ConfigMap("headers", new Dictionary<string, string> { ["X-A"] = "1" }));
        _server.Forbid("ConfigMap");

        await using var gateway = await ClusterGateway.StartAsync(_server);

        var error = Assert.Single(gateway.Runtime.Current.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("ConfigMap", error.Kind);
        Assert.Contains("configmaps in all namespaces", error.Message, StringComparison.Ordinal);
        Assert.Contains("403 Forbidden", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot list resource \\\"configmaps\\\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(_server.Url + "/api/v1/configmaps", error.File);
        Assert.Equal("backend=app", await gateway.GetAsync("app.example.com"));

        _server.Forbid("ConfigMap", false);
        var allowed = await gateway.WaitForAsync(s => s.Objects.ConfigMaps.Count == 1);
        Assert.Empty(allowed.Diagnostics);
    }

    [Fact]
    public async Task Hostile_objects_are_refused_by_the_manifest_converters_with_diagnostics_naming_them()
    {
        _server.Apply(ClusterObjects.Ingress("good", "good.example.com", "app"));
        var badPathType = ClusterObjects.Ingress("bad-path-type", "bad.example.com", "app");
        badPathType["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["pathType"] = "Regex";
        _server.Apply(badPathType);
        var badType = ClusterObjects.Ingress("bad-type", "bad.example.com", "app");
        badType["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["port"]!["number"] = "eighty";
        _server.Apply(badType);
        var badPort = ClusterObjects.Service("bad-port");
        badPort["spec"]!["ports"]![0]!["port"] = 70000;
        _server.Apply(badPort);
        var escape = ClusterObjects.Ingress("evil", "bad.example.com", "app");
        escape["metadata"]!["name"] = "evil\u001b[2J";
        escape["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["pathType"] = "Nope\u001b[31m";
        _server.Apply(escape);

        await using var gateway = await ClusterGateway.StartAsync(_server);

        var snapshot = gateway.Runtime.Current;
        Assert.Equal("default/good", Assert.Single(snapshot.Routes.Ingresses).QualifiedName);
        Assert.Empty(snapshot.Objects.Services);
        Assert.Equal("backend=app", await gateway.GetAsync("good.example.com"));

        var pathType = Assert.Single(snapshot.Diagnostics, d => d.Name == "bad-path-type");
        Assert.Equal(
            $"{_server.Url}/apis/networking.k8s.io/v1/namespaces/default/ingresses/bad-path-type:0: default/bad-path-type: spec.rules[0].http.paths[0].pathType: error: " +
            "pathType \"Regex\" is not supported: use Exact, Prefix or ImplementationSpecific (the names are case-sensitive)",
            pathType.ToString());
        var type = Assert.Single(snapshot.Diagnostics, d => d.Name == "bad-type");
        Assert.Equal(DiagnosticSeverity.Error, type.Severity);
        Assert.StartsWith("the object could not be read", type.Message, StringComparison.Ordinal);
        var port = Assert.Single(snapshot.Diagnostics, d => d.Name == "bad-port");
        Assert.Equal(("Service", "spec.ports[0].port", "port 70000 is outside 1-65535"), (port.Kind, port.Field, port.Message));
        var evil = Assert.Single(snapshot.Diagnostics, d => d.Name!.StartsWith("evil", StringComparison.Ordinal));
        Assert.DoesNotContain(evil.ToString(), c => char.IsControl(c));
    }

    [Fact]
    public async Task A_broken_edit_keeps_the_last_good_version_serving_and_a_deletion_removes_it()
    {
        _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "app"));
        await using var gateway = await ClusterGateway.StartAsync(_server);

        var broken = ClusterObjects.Ingress("app", "app.example.com", "other");
        broken["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["pathType"] = "Regex";
        _server.Apply(broken);
        var kept = await gateway.WaitForAsync(s => s.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(kept.Diagnostics, d => d.Message.Contains("last good version keeps serving", StringComparison.Ordinal));
        Assert.Equal("backend=app", await gateway.GetAsync("app.example.com"));

        _server.Delete("Ingress", "default", "app");
        await gateway.WaitForAsync(s => s.Routes.Ingresses.Count == 0 && s.Diagnostics.Count == 0);
        Assert.Equal("404", await gateway.GetAsync("app.example.com"));
    }

    [Fact]
    public async Task The_start_fails_naming_the_server_and_the_reason_when_nothing_answers()
    {
        var port = ClosedPort();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"ingresscore-nowhere-{Guid.NewGuid():N}.yaml");
        _server.WriteKubeconfig(kubeconfig, currentContext: "nowhere", otherContexts: new Dictionary<string, string> { ["nowhere"] = $"https://127.0.0.1:{port}" });
        try
        {
            var failure = await Assert.ThrowsAsync<KubernetesClusterException>(() => ClusterGateway.StartAsync(_server, o =>
            {
                o.KubeconfigPath = kubeconfig;
                o.StartTimeout = TimeSpan.FromSeconds(1);
            }));

            Assert.StartsWith($"cannot reach the Kubernetes API server at https://127.0.0.1:{port} within 1 s (", failure.Message, StringComparison.Ordinal);
            Assert.Contains("ingresses.networking.k8s.io", failure.Message, StringComparison.Ordinal);
            Assert.Contains("Connection refused", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task The_start_fails_when_the_server_refuses_the_credentials()
    {
        var kubeconfig = _server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"ingresscore-token-{Guid.NewGuid():N}.yaml"));
        await File.WriteAllTextAsync(kubeconfig, (await File.ReadAllTextAsync(kubeconfig)).Replace(StandInApiServer.Token, "wrong-token", StringComparison.Ordinal));
        try
        {
            var failure = await Assert.ThrowsAsync<KubernetesClusterException>(() => ClusterGateway.StartAsync(_server, o =>
            {
                o.KubeconfigPath = kubeconfig;
                o.StartTimeout = TimeSpan.FromSeconds(1);
            }));

            Assert.Contains(_server.Url, failure.Message, StringComparison.Ordinal);
            Assert.Contains("401 Unauthorized", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task A_kubeconfig_that_does_not_exist_is_refused_before_anything_is_served()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => ClusterGateway.StartAsync(_server, o => o.KubeconfigPath = "/no/such/kubeconfig"));

        Assert.Contains("the kubeconfig file '/no/such/kubeconfig' does not exist", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kubeconfig_without_the_named_context_fails_the_start_clearly()
    {
        var failure = await Assert.ThrowsAsync<KubernetesClusterException>(() => ClusterGateway.StartAsync(_server, o => o.Context = "missing"));

        Assert.Contains("context missing", failure.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
