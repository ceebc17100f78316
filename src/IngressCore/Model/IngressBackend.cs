namespace IngressCore.Model;

/// <summary>
/// Where an Ingress sends a request: a Service port (by number or by name) or, rarely, a typed
/// resource reference. Exactly one of <see cref="ServiceName"/> and <see cref="Resource"/> is set
/// in a valid backend; the builder reports any other shape.
/// </summary>
public sealed record IngressBackend
{
    /// <summary>The Service's name (<c>backend.service.name</c>), in the Ingress's namespace.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The Service port number (<c>backend.service.port.number</c>), when the port is named by number.</summary>
    public int? PortNumber { get; init; }

    /// <summary>The Service port name (<c>backend.service.port.name</c>), when the port is named by name.</summary>
    public string? PortName { get; init; }

    /// <summary>A typed resource backend (<c>backend.resource</c>); IngressCore skips such paths with a warning.</summary>
    public IngressResourceReference? Resource { get; init; }

    /// <summary>Creates a backend for a Service port given by number.</summary>
    /// <param name="serviceName">The Service name.</param>
    /// <param name="portNumber">The Service port number.</param>
    /// <returns>The backend.</returns>
    public static IngressBackend ForService(string serviceName, int portNumber) =>
        new() { ServiceName = serviceName, PortNumber = portNumber };

    /// <summary>Creates a backend for a Service port given by name.</summary>
    /// <param name="serviceName">The Service name.</param>
    /// <param name="portName">The Service port name.</param>
    /// <returns>The backend.</returns>
    public static IngressBackend ForService(string serviceName, string portName) =>
        new() { ServiceName = serviceName, PortName = portName };

    /// <inheritdoc />
    public override string ToString() =>
        ServiceName is null
            ? Resource is null ? "(no backend)" : $"resource {Resource}"
            : PortName is null ? $"{ServiceName}:{PortNumber}" : $"{ServiceName}:{PortName}";
}
