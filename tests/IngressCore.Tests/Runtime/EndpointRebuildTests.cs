using static IngressCore.Tests.Support.Manifest;
using IngressCore.Model;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.Tests.Runtime;

/// <summary>
/// A change to one EndpointSlice among many (<see cref="SnapshotCompiler"/>): the changed Service is
/// resolved again and every other Service keeps its resolved ports, as the same instances; the
/// route table is kept, and so are the passthrough hosts when no host is passed through.
/// </summary>
public sealed class EndpointRebuildTests
{
    private static readonly SnapshotCompiler Compiler = new(new IngressRoutingOptions());

    private static readonly ServiceDefinition[] Services = [Service("web"), Service("api")];

    private static ServiceDefinition Service(string name) =>
        new() { Namespace = "default", Name = name, Ports = [new ServicePortDefinition { Port = 80, Protocol = "TCP" }] };

    private static EndpointSliceDefinition Slice(string service, string address) => new()
    {
        Namespace = "default",
        Name = service + "-1",
        ServiceName = service,
        Ports = [new EndpointPortDefinition { Port = 8080, Protocol = "TCP" }],
        Endpoints = [new EndpointDefinition { Address = address, Ready = true, Serving = true }],
    };

    private static IngressObjects Objects(IngressDefinition ingress, params EndpointSliceDefinition[] slices) =>
        new() { Ingresses = [ingress], Services = Services, EndpointSlices = slices };

    private static string? AddressOf(IngressSnapshot snapshot, string service) =>
        snapshot.Services.Resolve("default", IngressBackend.ForService(service, 80)).Endpoints.SingleOrDefault()?.Address;

    [Fact]
    public void One_changed_slice_resolves_its_Service_again_and_keeps_the_others_and_the_table()
    {
        var ingress = Ingress("shop", Rule("shop.example.com", Prefix("/", "web", 80), Prefix("/api", "api", 80)));
        var api = Slice("api", "10.0.0.2");
        var first = Compiler.Compile(Objects(ingress, Slice("web", "10.0.0.1"), api), previous: null).Snapshot;

        var second = Compiler.Compile(Objects(ingress, Slice("web", "10.0.0.9"), api), first);

        Assert.True(second.ServicesRebuilt);
        Assert.False(second.RoutesRebuilt);
        Assert.Same(first.Routes, second.Snapshot.Routes);
        Assert.Equal("10.0.0.9", AddressOf(second.Snapshot, "web"));
        Assert.Equal("10.0.0.2", AddressOf(second.Snapshot, "api"));
        Assert.Same(
            first.Services.Resolve("default", IngressBackend.ForService("api", 80)),
            second.Snapshot.Services.Resolve("default", IngressBackend.ForService("api", 80)));
        Assert.NotSame(
            first.Services.Resolve("default", IngressBackend.ForService("web", 80)),
            second.Snapshot.Services.Resolve("default", IngressBackend.ForService("web", 80)));
        Assert.Same(first.Passthrough, second.Snapshot.Passthrough);
    }

    [Fact]
    public void A_removed_slice_leaves_its_Service_without_endpoints_and_a_replaced_Service_is_resolved_again()
    {
        var ingress = Ingress("shop", Rule("shop.example.com", Prefix("/", "web", 80), Prefix("/api", "api", 80)));
        var first = Compiler.Compile(Objects(ingress, Slice("web", "10.0.0.1"), Slice("api", "10.0.0.2")), previous: null).Snapshot;

        var noSlice = Compiler.Compile(Objects(ingress, Slice("api", "10.0.0.2")), first).Snapshot;
        var otherPort = Compiler.Compile(
            Objects(ingress, Slice("api", "10.0.0.2")) with { Services = [Services[0] with { Ports = [new ServicePortDefinition { Port = 81, Protocol = "TCP" }] }, Services[1]] },
            noSlice).Snapshot;

        Assert.Equal("Service default/web has no EndpointSlice", noSlice.Services.Resolve("default", IngressBackend.ForService("web", 80)).Problem);
        Assert.Equal("Service default/web has no port 80", otherPort.Services.Resolve("default", IngressBackend.ForService("web", 80)).Problem);
        Assert.Equal("10.0.0.2", AddressOf(otherPort, "api"));
    }

    [Fact]
    public void A_slice_moved_to_another_Service_leaves_the_first_and_joins_the_second()
    {
        var ingress = Ingress("shop", Rule("shop.example.com", Prefix("/", "web", 80), Prefix("/api", "api", 80)));
        var first = Compiler.Compile(Objects(ingress, Slice("web", "10.0.0.1"), Slice("api", "10.0.0.2")), previous: null).Snapshot;

        var moved = Compiler.Compile(Objects(ingress, Slice("web", "10.0.0.1") with { ServiceName = "api" }, Slice("api", "10.0.0.2")), first).Snapshot;

        Assert.Equal("Service default/web has no EndpointSlice", moved.Services.Resolve("default", IngressBackend.ForService("web", 80)).Problem);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], moved.Services.Resolve("default", IngressBackend.ForService("api", 80)).Endpoints.Select(e => e.Address));
    }

    [Fact]
    public void A_passthrough_host_gets_the_changed_endpoints()
    {
        var ingress = Ingress("tls", Rule("tls.example.com", Prefix("/", "web", 80))) with
        {
            Annotations = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/ssl-passthrough"] = "true" },
        };
        var first = Compiler.Compile(Objects(ingress, Slice("web", "10.0.0.1")), previous: null).Snapshot;

        var second = Compiler.Compile(Objects(ingress, Slice("web", "10.0.0.9")), first).Snapshot;

        Assert.Equal("10.0.0.1:8080", Assert.Single(first.Passthrough.Find("tls.example.com")!.Endpoints).ToString());
        Assert.Equal("10.0.0.9:8080", Assert.Single(second.Passthrough.Find("tls.example.com")!.Endpoints).ToString());
    }
}
