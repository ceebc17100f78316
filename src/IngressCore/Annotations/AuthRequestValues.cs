namespace IngressCore.Annotations;

/// <summary>
/// The request values an <see cref="AuthTemplate"/> expands its variables from, each already
/// resolved by the gateway (the forwarded scheme and host only from trusted proxies).
/// </summary>
internal sealed class AuthRequestValues
{
    /// <summary>The request's host name, lower case, without its port (<c>$host</c>).</summary>
    public required string Host { get; init; }

    /// <summary>The <c>Host</c> header as sent (<c>$http_host</c>).</summary>
    public required string HttpHost { get; init; }

    /// <summary>A trusted proxy's forwarded host, else the <c>Host</c> header (<c>$best_http_host</c>).</summary>
    public required string BestHttpHost { get; init; }

    /// <summary>The connection's scheme (<c>$scheme</c>).</summary>
    public required string Scheme { get; init; }

    /// <summary>The client's scheme (<c>$pass_access_scheme</c>).</summary>
    public required string PassAccessScheme { get; init; }

    /// <summary>The request-target as received (<c>$request_uri</c>).</summary>
    public required string RequestUri { get; init; }

    /// <summary>The method (<c>$request_method</c>).</summary>
    public required string Method { get; init; }

    /// <summary>The client's address (<c>$remote_addr</c>), empty when unknown.</summary>
    public required string RemoteAddr { get; init; }

    /// <summary>Reads a request header, all values joined by <c>, </c>; <see langword="null"/> when absent.</summary>
    public required Func<string, string?> Header { get; init; }

    /// <summary>Reads a request cookie; <see langword="null"/> when absent.</summary>
    public required Func<string, string?> Cookie { get; init; }
}
