namespace IngressCore.Model;

/// <summary>One <c>spec.ports[]</c> entry of a Service.</summary>
public sealed record ServicePortDefinition
{
    /// <summary>The port name (<c>name</c>), which an Ingress backend can refer to; <see langword="null"/> when unnamed.</summary>
    public string? Name { get; init; }

    /// <summary>The port the Service exposes (<c>port</c>), 1-65535.</summary>
    public required int Port { get; init; }

    /// <summary>
    /// The pod port (<c>targetPort</c>) as written: a number such as <c>8080</c> or a container port
    /// name such as <c>http</c>; <see langword="null"/> when not set (Kubernetes then uses <see cref="Port"/>).
    /// </summary>
    public string? TargetPort { get; init; }

    /// <summary>The protocol (<c>protocol</c>): <c>TCP</c> (the default), <c>UDP</c> or <c>SCTP</c>.</summary>
    public string Protocol { get; init; } = "TCP";
}
