using System.Globalization;
using System.Net;

namespace IngressCore.Discovery;

/// <summary>One place a Service port's traffic can go: an endpoint's address and the port it listens on.</summary>
public sealed class ServiceEndpoint
{
    internal ServiceEndpoint(string address, int port, bool ready, bool terminating)
    {
        Address = address;
        Port = port;
        Ready = ready;
        Terminating = terminating;
        var ip = IPAddress.TryParse(address, out var parsed) ? parsed : null;
        EndPoint = ip is null ? new DnsEndPoint(address, port) : new IPEndPoint(ip, port);
        Authority = ip is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 }
            ? string.Create(CultureInfo.InvariantCulture, $"[{ip}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{address}:{port}");
    }

    /// <summary>The address as the EndpointSlice gives it: IPv4, IPv6 or a DNS name.</summary>
    public string Address { get; }

    /// <summary>The port the endpoint listens on (the Service port's <c>targetPort</c>, resolved for this endpoint's slice).</summary>
    public int Port { get; }

    /// <summary>Whether the endpoint is ready; an endpoint that is only serving while it terminates is used when no endpoint is ready.</summary>
    public bool Ready { get; }

    /// <summary>Whether the endpoint is terminating.</summary>
    public bool Terminating { get; }

    /// <summary>The address and port to connect to: an <see cref="IPEndPoint"/>, or a <see cref="DnsEndPoint"/> for a name.</summary>
    public EndPoint EndPoint { get; }

    /// <summary><c>host:port</c> as in a URI authority (an IPv6 address in brackets), for destinations and logs.</summary>
    public string Authority { get; }

    /// <inheritdoc />
    public override string ToString() => Authority;
}
