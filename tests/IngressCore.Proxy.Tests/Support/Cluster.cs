using System.Collections.Frozen;
using IngressCore.Model;
using IngressCore.Sources;

namespace IngressCore.Proxy.Tests.Support;

/// <summary>Services, EndpointSlices and Ingresses in the shapes the tests need, as a cluster would hold them.</summary>
internal static class Cluster
{
    private static int s_age;

    /// <summary>A ClusterIP Service with one port, unnamed, whose targetPort is the slices' business.</summary>
    public static ServiceDefinition Service(string name, int port = 80, string ns = "default", string? clusterIp = "10.96.0.10", string? portName = null) =>
        new()
        {
            Namespace = ns,
            Name = name,
            ClusterIP = clusterIp,
            Ports = [new ServicePortDefinition { Name = portName, Port = port, TargetPort = portName ?? "8080" }],
        };

    /// <summary>One EndpointSlice per backend: each backend listens on its own loopback port, as pods of one Service would on one port.</summary>
    public static IEnumerable<EndpointSliceDefinition> Slices(string service, IEnumerable<TestBackend> backends, string ns = "default", string? portName = null) =>
        backends.Select(b => Slice(service, b.Name, "127.0.0.1", b.Port, ns, portName));

    public static EndpointSliceDefinition Slice(
        string service, string sliceName, string address, int port, string ns = "default", string? portName = null,
        bool ready = true, bool serving = true, bool terminating = false) =>
        new()
        {
            Namespace = ns,
            Name = service + "-" + sliceName,
            ServiceName = service,
            AddressType = address.Contains(':', StringComparison.Ordinal) ? "IPv6" : "IPv4",
            Ports = [new EndpointPortDefinition { Name = portName, Port = port }],
            Endpoints = [new EndpointDefinition { Address = address, Ready = ready, Serving = serving, Terminating = terminating }],
        };

    /// <summary>One rule with Prefix paths (ImplementationSpecific for regexes), each to Service port <paramref name="port"/>.</summary>
    public static IngressDefinition Ingress(
        string name, string? host, IReadOnlyDictionary<string, string>? annotations = null, string ns = "default",
        IngressBackend? defaultBackend = null, int port = 80, params (string Path, string Service)[] paths) =>
        new()
        {
            Namespace = ns,
            Name = name,
            IngressClassName = "ingresscore",
            CreationTimestamp = DateTimeOffset.UnixEpoch.AddMinutes(Interlocked.Increment(ref s_age)),
            Annotations = (annotations ?? new Dictionary<string, string>()).ToFrozenDictionary(),
            DefaultBackend = defaultBackend,
            Rules = paths.Length == 0 ? [] :
            [
                new IngressRule
                {
                    Host = host,
                    Paths = [.. paths.Select(p => new IngressPath
                    {
                        Path = p.Path,
                        // A regex path (use-regex) is ImplementationSpecific: Prefix refuses regex characters.
                        PathType = p.Path.AsSpan().ContainsAny("()[]*+?|$^") ? PathType.ImplementationSpecific : PathType.Prefix,
                        Backend = IngressBackend.ForService(p.Service, port),
                    })],
                },
            ],
        };

    public static IReadOnlyDictionary<string, string> Nginx(params (string Name, string Value)[] annotations) =>
        annotations.ToDictionary(a => "nginx.ingress.kubernetes.io/" + a.Name, a => a.Value);

    /// <summary>The objects of an in-memory source.</summary>
    public static IngressObjects Objects(
        IEnumerable<IngressDefinition> ingresses,
        IEnumerable<ServiceDefinition> services,
        IEnumerable<EndpointSliceDefinition> slices,
        IEnumerable<ConfigMapDefinition>? configMaps = null,
        IEnumerable<TlsSecret>? secrets = null) =>
        new()
        {
            Ingresses = [.. ingresses],
            Services = [.. services],
            EndpointSlices = [.. slices],
            ConfigMaps = [.. configMaps ?? []],
            TlsSecrets = [.. secrets ?? []],
        };
}
