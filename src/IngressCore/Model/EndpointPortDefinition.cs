namespace IngressCore.Model;

/// <summary>One <c>ports[]</c> entry of an EndpointSlice: a port its endpoints listen on.</summary>
public sealed record EndpointPortDefinition
{
    /// <summary>The port name, which matches the Service port's name; <see langword="null"/> when unnamed.</summary>
    public string? Name { get; init; }

    /// <summary>The port number on the endpoint addresses.</summary>
    public required int Port { get; init; }

    /// <summary>The protocol: <c>TCP</c> (the default), <c>UDP</c> or <c>SCTP</c>.</summary>
    public string Protocol { get; init; } = "TCP";
}
