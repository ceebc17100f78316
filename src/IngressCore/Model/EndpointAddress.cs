namespace IngressCore.Model;

/// <summary>One endpoint of a Service: an address and whether it is ready to receive traffic.</summary>
public sealed record EndpointAddress
{
    /// <summary>The address: an IPv4 or IPv6 address, or a host name for FQDN slices.</summary>
    public required string Address { get; init; }

    /// <summary>
    /// <c>conditions.ready</c>; an endpoint whose readiness is not given counts as ready, as the
    /// EndpointSlice API says consumers should assume.
    /// </summary>
    public bool Ready { get; init; } = true;
}
