namespace IngressCore.Backends;

/// <summary>
/// What the backend step did with a request, for the access log and the metrics: set in
/// <c>HttpContext.Features</c> by whoever answered for the route's Service (a forwarder records
/// the endpoint, the attempts and the upstream status and time; the routing middleware records
/// a request answered 503 for want of endpoints). One instance per request; not thread-safe.
/// </summary>
public sealed class IngressUpstreamFeature
{
    /// <summary>The Service port the request was sent to, as <c>namespace/name:port</c>.</summary>
    public string? Service { get; set; }

    /// <summary>The endpoint (<c>address:port</c>) of the last attempt, or <see langword="null"/> when none was tried.</summary>
    public string? Endpoint { get; set; }

    /// <summary>How many endpoints were tried (more than one after a retry, <c>proxy-next-upstream</c>).</summary>
    public int Attempts { get; set; }

    /// <summary>The status the upstream answered with, or <see langword="null"/> when none answered.</summary>
    public int? Status { get; set; }

    /// <summary>
    /// How long the upstream took, from the first connection attempt to the response's last byte
    /// (nginx's <c>$upstream_response_time</c>), or <see langword="null"/> when none was tried.
    /// </summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>
    /// Why no upstream answer reached the client, in a few words (<c>no endpoints</c>,
    /// <c>connect refused</c>, <c>timeout</c>, <c>reset</c>), or <see langword="null"/>.
    /// </summary>
    public string? Error { get; set; }
}
