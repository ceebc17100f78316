namespace IngressCore.Model;

/// <summary>
/// One <c>endpoints[]</c> entry of an EndpointSlice: an address and its conditions. The conditions
/// default as the EndpointSlice API tells consumers to read an unset value: ready and serving
/// when not said otherwise, not terminating.
/// </summary>
public sealed record EndpointDefinition
{
    /// <summary>
    /// The address (<c>addresses[0]</c>): an IPv4 or IPv6 address, or a DNS name in an FQDN slice.
    /// The API lets consumers use only the first address of an endpoint, as kube-proxy does.
    /// </summary>
    public required string Address { get; init; }

    /// <summary><c>conditions.ready</c>: the endpoint takes new traffic.</summary>
    public bool Ready { get; init; } = true;

    /// <summary><c>conditions.serving</c>: the endpoint answers, whether or not it is terminating.</summary>
    public bool Serving { get; init; } = true;

    /// <summary><c>conditions.terminating</c>: the endpoint is shutting down.</summary>
    public bool Terminating { get; init; }
}
