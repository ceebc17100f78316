using System.Net;

namespace IngressCore.Tls;

/// <summary>
/// Where an ssl-passthrough host's connections go: the ready endpoints of its backend's Service
/// port, taken in turn. Empty when the Service, its port or ready endpoints are missing: such a
/// host's connections are closed rather than terminated with another certificate.
/// </summary>
internal sealed class PassthroughBackend(string host, string service, IReadOnlyList<EndPoint> endpoints)
{
    private int _next = -1;

    /// <summary>The rule host (exact or <c>*.</c> wildcard), lower case.</summary>
    public string Host { get; } = host;

    /// <summary>The backend as <c>namespace/service:port</c>, for logs.</summary>
    public string Service { get; } = service;

    /// <summary>The endpoints to connect to (address and target port), in the EndpointSlices' order.</summary>
    public IReadOnlyList<EndPoint> Endpoints { get; } = endpoints;

    /// <summary>
    /// The endpoints in the order a new connection tries them: round-robin, each connection
    /// starting one further than the last, so connections spread over the endpoints.
    /// </summary>
    public IEnumerable<EndPoint> InTurn()
    {
        if (Endpoints.Count == 0)
        {
            yield break;
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)Endpoints.Count);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            yield return Endpoints[(start + i) % Endpoints.Count];
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Host} -> {Service} ({Endpoints.Count} endpoint(s))";
}
