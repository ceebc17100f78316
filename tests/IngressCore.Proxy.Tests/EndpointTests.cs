using System.Net;
using IngressCore.Model;
using IngressCore.Proxy.Tests.Support;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>Where the endpoints come from: IPv6 slices, a named targetPort resolved per slice, an ExternalName Service, and service-upstream's cluster IP.</summary>
public sealed class EndpointTests
{
    [Fact]
    public async Task An_IPv6_endpoint_is_reached_by_its_bracketed_address()
    {
        await using var backend = await TestBackend.StartAsync("v6", address: IPAddress.IPv6Loopback);
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "v6.example", paths: [("/", "app")])], [Service("app")], [Slice("app", "v6", "::1", backend.Port)]));

        var body = await gateway.Client().GetStringAsync("http://v6.example/");

        Assert.Equal("v6", TestBackend.Field(body, "backend"));
    }

    [Fact]
    public async Task A_named_target_port_is_the_number_each_slice_gives()
    {
        // Two "pods" whose container port named "web" is a different number: one slice each.
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        var service = new ServiceDefinition
        {
            Namespace = "default",
            Name = "app",
            ClusterIP = "10.96.0.10",
            Ports = [new ServicePortDefinition { Name = "http", Port = 80, TargetPort = "web" }],
        };
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "named.example", paths: [("/", "app")])], [service], Slices("app", [a, b], portName: "http")));
        var client = gateway.Client();

        var seen = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            seen.Add(TestBackend.Field(await client.GetStringAsync("http://named.example/"), "backend")!);
        }

        Assert.Equal(["a", "b"], seen.Order());
    }

    [Fact]
    public async Task An_ExternalName_Service_is_reached_by_its_DNS_name()
    {
        await using var backend = await TestBackend.StartAsync("external");
        var service = new ServiceDefinition
        {
            Namespace = "default",
            Name = "app",
            Type = "ExternalName",
            ExternalName = "localhost",
            Ports = [new ServicePortDefinition { Port = 80, TargetPort = backend.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
        };
        await using var gateway = await ProxyGateway.StartAsync(Objects([Ingress("web", "ext.example", paths: [("/", "app")])], [service], []));

        var body = await gateway.Client().GetStringAsync("http://ext.example/");

        Assert.Equal("external", TestBackend.Field(body, "backend"));
    }

    [Fact]
    public async Task Service_upstream_sends_to_the_cluster_IP_instead_of_the_endpoints()
    {
        // The "cluster IP" is loopback on the backend's port; the endpoints all refuse.
        await using var backend = await TestBackend.StartAsync("cluster-ip");
        var service = Service("app", port: backend.Port, clusterIp: "127.0.0.1");
        var slices = new[] { Slice("app", "dead", "127.0.0.1", RoutingTests.ClosedPort()) };
        await using var viaClusterIp = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "svc.example", Nginx(("service-upstream", "true")), paths: [("/", "app")], port: backend.Port)], [service], slices));
        await using var viaEndpoints = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "svc.example", paths: [("/", "app")], port: backend.Port)], [service], slices));

        using var clusterIpAnswer = await viaClusterIp.Client().GetAsync("http://svc.example/");
        using var endpointsAnswer = await viaEndpoints.Client().GetAsync("http://svc.example/");

        Assert.Equal(HttpStatusCode.OK, clusterIpAnswer.StatusCode);
        Assert.Equal("cluster-ip", TestBackend.Field(await clusterIpAnswer.Content.ReadAsStringAsync(), "backend"));
        Assert.Equal(HttpStatusCode.BadGateway, endpointsAnswer.StatusCode);
    }
}
