using IngressCore.Annotations.Tests.Support;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Tls;

namespace IngressCore.Annotations.Tests.Engine;

/// <summary>A request as the decider sees it: headers compared case-insensitively, cookies by name.</summary>
internal sealed record TestRequest(string Host, string Target) : IIngressRequest
{
    public string Scheme { get; init; } = "http";

    public int ServerPort { get; init; } = 80;

    public string? ForwardedHost => null;

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string> Cookies { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public TestRequest WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [name] = value } };

    /// <summary>Cookies as a Cookie header would carry them: <c>a=1; b=2</c>.</summary>
    public TestRequest WithCookies(string cookieHeader) =>
        this with
        {
            Cookies = cookieHeader.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty, StringComparer.OrdinalIgnoreCase),
        };

    public string? GetHeader(string name) => Headers.GetValueOrDefault(name);

    public string? GetCookie(string name) => Cookies.GetValueOrDefault(name);
}

/// <summary>One Ingress with paths and annotations (names without the prefix), built fluently.</summary>
internal sealed class TestIngress(string name, string? host)
{
    private readonly List<IngressPath> _paths = [];
    private readonly Dictionary<string, string> _annotations = new(StringComparer.Ordinal);
    private readonly List<string> _tlsHosts = [];

    public string Name { get; } = name;

    public TestIngress Path(string path, string service, PathType type = PathType.Prefix, int port = 80)
    {
        _paths.Add(new IngressPath { Path = path, PathType = type, Backend = IngressBackend.ForService(service, port) });
        return this;
    }

    public TestIngress Annotate(string name, string value)
    {
        _annotations[Annotated.Prefix + name] = value;
        return this;
    }

    public TestIngress Tls()
    {
        _tlsHosts.Add(host!);
        return this;
    }

    public IngressDefinition Build(DateTimeOffset created) => new()
    {
        Namespace = "shop",
        Name = Name,
        CreationTimestamp = created,
        Annotations = _annotations,
        Rules = [new IngressRule { Host = host, Paths = _paths }],
        Tls = _tlsHosts.Count == 0 ? [] : [new IngressTls { Hosts = _tlsHosts, SecretName = Name + "-tls" }],
    };
}

/// <summary>
/// The engine under test: <see cref="RouteTable.Build"/> then <see cref="IngressRequestDecider.Decide{TRequest}(RouteTable, SniCertificateStore, TRequest)"/>.
/// Ingresses are created one minute apart in the order given, so the first is the oldest.
/// </summary>
internal sealed class Gateway
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private Gateway(RouteTable table, SniCertificateStore certificates, IngressRequestDecider decider)
    {
        Table = table;
        Certificates = certificates;
        Decider = decider;
    }

    public RouteTable Table { get; }

    public SniCertificateStore Certificates { get; }

    public IngressRequestDecider Decider { get; }

    public IEnumerable<IngressDiagnostic> Errors => Table.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<IngressDiagnostic> Warnings => Table.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);

    public static TestIngress Ingress(string name, string? host = "example.com") => new(name, host);

    /// <summary>An Ingress with only a <c>spec.defaultBackend</c> (the catch-all, unless it is a canary), created at the epoch.</summary>
    public static IngressDefinition CatchAll(string name, string service, params (string Name, string Value)[] annotations) => new()
    {
        Namespace = "shop",
        Name = name,
        CreationTimestamp = Epoch,
        DefaultBackend = IngressBackend.ForService(service, 80),
        Annotations = annotations.ToDictionary(a => Annotated.Prefix + a.Name, a => a.Value, StringComparer.Ordinal),
    };

    public static Gateway Of(params TestIngress[] ingresses) => Of(null, ingresses);

    /// <summary>A primary on <c>host/</c> to <paramref name="primary"/> and a canary of it to <paramref name="canary"/> with the given annotations (<c>canary: "true"</c> added).</summary>
    public static Gateway PrimaryAndCanary(ICanaryRandom random, string host, string primary, string canary, params (string Name, string Value)[] annotations)
    {
        var canaryIngress = Ingress("canary", host).Annotate("canary", "true").Path("/", canary);
        foreach (var (name, value) in annotations)
        {
            canaryIngress.Annotate(name, value);
        }

        return Of(random, Ingress("mainline", host).Path("/", primary), canaryIngress);
    }

    public static Gateway Of(ICanaryRandom? random, params TestIngress[] ingresses) =>
        Of(random, ingresses.Select((ingress, i) => ingress.Build(Epoch.AddMinutes(i))).ToArray());

    public static Gateway Of(ICanaryRandom? random, IngressDefinition[] definitions)
    {
        var table = RouteTable.Build(definitions);
        var certificates = SniCertificateStore.Build(table.Ingresses, []);
        return new Gateway(table, certificates, new IngressRequestDecider(null, random));
    }

    public IngressDecision Decide(TestRequest request) => Decider.Decide(Table, Certificates, request);

    public IngressDecision Get(string target, string host = "example.com") => Decide(new TestRequest(host, target));

    public override string ToString() => string.Join(Environment.NewLine, Table.Diagnostics);
}

/// <summary>Assertions on a decision, each saying what it saw when it fails.</summary>
internal static class Expect
{
    public static void Backend(IngressDecision decision, string service, string upstreamTarget, bool canary = false)
    {
        Assert.True(decision.Kind == IngressDecisionKind.Backend, $"expected a backend, got {decision}");
        Assert.Equal(service, decision.Route!.Backend.ServiceName);
        Assert.Equal(upstreamTarget, decision.UpstreamTarget);
        Assert.Equal(canary, decision.IsCanary);
    }

    public static void Redirect(IngressDecision decision, int status, string location, string? decidedBy = null)
    {
        Assert.True(decision.Kind == IngressDecisionKind.Redirect, $"expected a redirect, got {decision}");
        Assert.Equal(status, decision.StatusCode);
        Assert.Equal(location, decision.Location);
        if (decidedBy is not null)
        {
            Assert.Equal(decidedBy, decision.DecidedBy);
        }
    }

    public static void Status(IngressDecision decision, int status)
    {
        Assert.True(decision.Kind == IngressDecisionKind.Status, $"expected status {status}, got {decision}");
        Assert.Equal(status, decision.StatusCode);
    }
}
