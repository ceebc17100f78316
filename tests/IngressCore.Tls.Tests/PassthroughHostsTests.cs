using System.Net;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Discovery;
using IngressCore.Matching;

namespace IngressCore.Tls.Tests;

/// <summary>Which hosts are passed through, to which backend and endpoints, and what is said when one cannot be.</summary>
public sealed class PassthroughHostsTests
{
    private const string Annotation = "nginx.ingress.kubernetes.io/ssl-passthrough";
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ServiceDefinition[] Services =
    [
        Service("tls", ("https", 443), (null, 8443)),
        Service("other", (null, 443)),
        Service("fallback", ("https", 443)),
        Service("down", (null, 443)),
    ];

    private static readonly EndpointSliceDefinition[] Slices =
    [
        Slice("tls", [new EndpointPortDefinition { Name = "https", Port = 9443 }, new EndpointPortDefinition { Port = 9444 }], ("10.0.0.1", true), ("10.0.0.2", false), ("fd00::3", true)),
        Slice("other", [new EndpointPortDefinition { Port = 7443 }], ("10.0.1.1", true)),
        Slice("fallback", [new EndpointPortDefinition { Name = "https", Port = 6443 }], ("backend.internal", true)),
        Slice("down", [new EndpointPortDefinition { Port = 5443 }], ("10.0.2.1", false)),
    ];

    private static EndpointSliceDefinition Slice(string service, EndpointPortDefinition[] ports, params (string Address, bool Ready)[] endpoints) => new()
    {
        Namespace = "default",
        Name = service + "-1",
        ServiceName = service,
        Ports = ports,
        Endpoints = [.. endpoints.Select(e => new EndpointDefinition { Address = e.Address, Ready = e.Ready, Serving = e.Ready })],
    };

    private static ServiceDefinition Service(string name, params (string? Name, int Port)[] ports) => new()
    {
        Namespace = "default",
        Name = name,
        Ports = [.. ports.Select(p => new ServicePortDefinition { Name = p.Name, Port = p.Port })],
    };

    private static IngressDefinition Ingress(string name, int day, string? passthrough, params IngressRule[] rules) => new()
    {
        Namespace = "default",
        Name = name,
        CreationTimestamp = Epoch.AddDays(day),
        Annotations = passthrough is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Annotation] = passthrough },
        Rules = rules,
    };

    private static IngressRule Rule(string host, params (string Path, PathType Type, IngressBackend Backend)[] paths) =>
        new() { Host = host, Paths = [.. paths.Select(p => new IngressPath { Path = p.Path, PathType = p.Type, Backend = p.Backend })] };

    private static PassthroughHosts Build(params IngressDefinition[] ingresses) =>
        PassthroughHosts.Build(RouteTable.Build(ingresses), ServiceCatalog.Build(Services, Slices));

    [Fact]
    public void The_host_is_passed_through_to_the_ready_endpoints_of_its_root_path_backend_port()
    {
        var hosts = Build(Ingress("a", 1, "true", Rule("pass.example.com", ("/", PathType.Prefix, IngressBackend.ForService("tls", "https")))));

        var backend = hosts.Find("pass.example.com");

        Assert.NotNull(backend);
        Assert.Equal("default/tls:https", backend.Service);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.0.0.1"), 9443), new IPEndPoint(IPAddress.Parse("fd00::3"), 9443)], backend.Endpoints);
        Assert.Empty(hosts.Diagnostics);
    }

    [Fact]
    public void Any_Ingress_of_the_host_turns_it_on_for_the_host_and_the_root_path_decides_the_backend()
    {
        // The annotation is on the Ingress of /api; the host's / belongs to another Ingress (ingress-nginx's server-level rule).
        var hosts = Build(
            Ingress("root", 1, null, Rule("pass.example.com", ("/", PathType.Prefix, IngressBackend.ForService("other", 443)))),
            Ingress("api", 2, "true", Rule("pass.example.com", ("/api", PathType.Prefix, IngressBackend.ForService("tls", 443)))));

        var backend = hosts.Find("pass.example.com");

        Assert.Equal("default/other:443", backend?.Service);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.0.1.1"), 7443)], backend!.Endpoints);
    }

    [Fact]
    public void Prefix_root_beats_Exact_root_and_without_a_root_path_the_default_backend_serves()
    {
        var both = Build(Ingress("a", 1, "true", Rule("a.example.com",
            ("/", PathType.Exact, IngressBackend.ForService("other", 443)), ("/", PathType.Prefix, IngressBackend.ForService("tls", 443)))));
        var defaultOnly = Build(Ingress("b", 1, "true", Rule("b.example.com", ("/api", PathType.Prefix, IngressBackend.ForService("other", 443))))
            with
        { DefaultBackend = IngressBackend.ForService("fallback", 443) });

        Assert.Equal("default/tls:443", both.Find("a.example.com")?.Service);
        Assert.Equal("default/fallback:443", defaultOnly.Find("b.example.com")?.Service);
        Assert.Equal([new DnsEndPoint("backend.internal", 6443)], defaultOnly.Find("b.example.com")!.Endpoints);
    }

    [Fact]
    public void An_Exact_root_beats_the_default_backend()
    {
        var hosts = Build(Ingress("c", 1, "true", Rule("c.example.com", ("/", PathType.Exact, IngressBackend.ForService("other", 443))))
            with
        { DefaultBackend = IngressBackend.ForService("fallback", 443) });

        Assert.Equal("default/other:443", hosts.Find("c.example.com")?.Service);
    }

    [Fact]
    public void A_wildcard_host_covers_one_label_and_other_names_are_not_passed_through()
    {
        var hosts = Build(Ingress("a", 1, "true", Rule("*.pass.example.com", ("/", PathType.Prefix, IngressBackend.ForService("tls", 443)))));

        Assert.NotNull(hosts.Find("a.pass.example.com"));
        Assert.Null(hosts.Find("pass.example.com"));
        Assert.Null(hosts.Find("a.b.pass.example.com"));
        Assert.Null(hosts.Find(null));
        Assert.Equal(1, hosts.Count);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("yes", true)]
    [InlineData("TRUE ", true)]
    public void Only_a_Go_boolean_true_turns_it_on_and_an_invalid_value_refuses_the_Ingress(string? value, bool refused)
    {
        var builder = new RouteTableBuilder().Add(Ingress("a", 1, value, Rule("pass.example.com", ("/", PathType.Prefix, IngressBackend.ForService("tls", 443)))));
        var table = builder.Build();
        var hosts = PassthroughHosts.Build(table, ServiceCatalog.Build(Services, Slices));

        Assert.Equal(0, hosts.Count);
        Assert.Null(hosts.Find("pass.example.com"));
        // An invalid value refuses the whole Ingress where the table is built (docs/annotations.md).
        Assert.Equal(refused, builder.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Field.Contains("ssl-passthrough", StringComparison.Ordinal)));
        Assert.Equal(refused, table.Ingresses.Count == 0);
    }

    [Fact]
    public void Another_invalid_annotation_refuses_the_Ingress_whole_so_passthrough_is_not_applied()
    {
        var ingress = Ingress("a", 1, "true", Rule("pass.example.com", ("/", PathType.Prefix, IngressBackend.ForService("tls", 443))));
        ingress = ingress with
        {
            Annotations = new Dictionary<string, string>(ingress.Annotations) { ["nginx.ingress.kubernetes.io/server-snippet"] = "return 200;" },
        };

        var builder = new RouteTableBuilder().Add(ingress);
        var hosts = PassthroughHosts.Build(builder.Build(), ServiceCatalog.Build(Services, Slices));

        Assert.Equal(0, hosts.Count);
        var error = Assert.Single(builder.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("default/a", error.ObjectName);
        Assert.Contains("server-snippet", error.Field, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "443", "Service default/missing was not found")]
    [InlineData("tls", "444", "has no port 444")]
    [InlineData("down", "443", "has no ready endpoint")]
    public void A_host_whose_backend_cannot_be_reached_stays_passed_through_with_no_endpoint_and_a_warning(string service, string port, string message)
    {
        var hosts = Build(Ingress("a", 1, "True", Rule("pass.example.com", ("/", PathType.Prefix, IngressBackend.ForService(service, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture))))));

        var backend = hosts.Find("pass.example.com");

        Assert.NotNull(backend);
        Assert.Empty(backend.Endpoints);
        Assert.Empty(backend.InTurn());
        var diagnostic = Assert.Single(hosts.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal($"metadata.annotations[{Annotation}]", diagnostic.Field);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connections_take_the_endpoints_in_turn()
    {
        var backend = Build(Ingress("a", 1, "1", Rule("pass.example.com", ("/", PathType.Prefix, IngressBackend.ForService("tls", 443)))))
            .Find("pass.example.com")!;

        var firsts = Enumerable.Range(0, 4).Select(_ => backend.InTurn().First()).ToList();

        Assert.Equal([backend.Endpoints[0], backend.Endpoints[1], backend.Endpoints[0], backend.Endpoints[1]], firsts);
        Assert.Equal(2, backend.InTurn().Distinct().Count());
    }
}
