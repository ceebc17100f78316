using IngressCore.Model;

namespace IngressCore.Discovery;

/// <summary>
/// Where an Ingress backend (a Service port, by number or name) sends its traffic: the endpoints of
/// that port taken from the Service's EndpointSlices, or why there are none. Immutable; part of a
/// <see cref="ServiceCatalog"/>.
/// </summary>
public sealed class ServicePortEndpoints
{
    internal ServicePortEndpoints(
        string ns,
        string serviceName,
        ServiceDefinition? service,
        ServicePortDefinition? port,
        IReadOnlyList<ServiceEndpoint> endpoints,
        int readyCount,
        string? problem)
    {
        Namespace = ns;
        ServiceName = serviceName;
        Service = service;
        Port = port;
        Endpoints = endpoints;
        ReadyCount = readyCount;
        Problem = problem;
    }

    /// <summary>The namespace of the Service (the Ingress's: references never cross namespaces).</summary>
    public string Namespace { get; }

    /// <summary>The Service's name.</summary>
    public string ServiceName { get; }

    /// <summary>The Service, or <see langword="null"/> when it does not exist.</summary>
    public ServiceDefinition? Service { get; }

    /// <summary>The Service port the backend names, or <see langword="null"/> when the Service has no such port.</summary>
    public ServicePortDefinition? Port { get; }

    /// <summary>
    /// The endpoints to send to, in the EndpointSlices' order: the ready ones; when none is ready,
    /// those still serving while they terminate (as kube-proxy does, so a rolling update's last
    /// pods keep answering). Empty when there is nowhere to send (<see cref="Problem"/> says why).
    /// </summary>
    public IReadOnlyList<ServiceEndpoint> Endpoints { get; }

    /// <summary>How many of the port's endpoints are ready.</summary>
    public int ReadyCount { get; }

    /// <summary>Why <see cref="Endpoints"/> is empty, in words for logs and diagnostics; <see langword="null"/> when it is not.</summary>
    public string? Problem { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Namespace}/{ServiceName}:{(Port is null ? "?" : Port.Name ?? Port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))} ({Endpoints.Count} endpoint(s))";
}
