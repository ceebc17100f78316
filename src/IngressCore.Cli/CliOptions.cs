using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
namespace IngressCore.Cli;

/// <summary>The parsed command line.</summary>
internal sealed record CliOptions
{
    public required string Command { get; init; }

    public IReadOnlyList<string> Paths { get; init; } = [];

    public string IngressClass { get; init; } = IngressCore.Building.RouteTableOptions.DefaultIngressClass;

    public bool IgnoreClassless { get; init; }

    public bool Explain { get; init; }

    /// <summary>match and validate: text or JSON lines; <see langword="null"/> for the command's default.</summary>
    public Commands.OutputFormat? Output { get; init; }

    public int? CanarySeed { get; init; }

    public string? Request { get; init; }

    public string Method { get; init; } = "GET";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Cookies { get; init; } = [];

    public string Http { get; init; } = "127.0.0.1:8080";

    public string Https { get; init; } = "127.0.0.1:8443";

    public bool Echo { get; init; }

    /// <summary>serve: a demo backend on every loopback endpoint of the EndpointSlices (<see cref="Commands.DemoBackends"/>).</summary>
    public bool DemoBackends { get; init; }

    /// <summary>serve: the Service (<c>namespace/name</c>) that answers requests no rule takes.</summary>
    public string? DefaultBackendService { get; init; }

    /// <summary>serve: watch a Kubernetes API server (beside or instead of the manifest paths).</summary>
    public bool Kubernetes { get; init; }

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    public string? Namespace { get; init; }

    public string? PublishAddress { get; init; }
    /// <summary>serve: one access-log line per request on stderr (<c>--access-log on|off</c>).</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary>serve: the admin listener's address (<c>--metrics</c>), or <see langword="null"/> for none.</summary>
    public string? Metrics { get; init; }

    /// <summary>Every command: ingress-nginx's controller ConfigMap, as a manifest file (<c>--controller-config</c>).</summary>
    public string? ControllerConfig { get; init; }

    /// <summary>match: what the external auth service answers (<c>--auth-status</c>), or <see langword="null"/>.</summary>
    public int? AuthStatus { get; init; }
}
