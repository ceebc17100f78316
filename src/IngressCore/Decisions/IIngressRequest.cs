namespace IngressCore.Decisions;

/// <summary>
/// What <see cref="IngressRequestDecider"/> reads of a request. The ASP.NET Core middleware and
/// <c>ingresscore match</c> each give their own view, so both decide by the same code.
/// </summary>
public interface IIngressRequest
{
    /// <summary>The scheme the client used, <c>http</c> or <c>https</c> (a trusted proxy's <c>X-Forwarded-Proto</c> when there is one).</summary>
    string Scheme { get; }

    /// <summary>The Host header as sent: any case, maybe with a port.</summary>
    string Host { get; }

    /// <summary>The request-target as sent: path and optional query, still percent-encoded.</summary>
    string Target { get; }

    /// <summary>The port the request arrived on (nginx's <c>$server_port</c>), used by the www redirect's Location.</summary>
    int ServerPort { get; }

    /// <summary>A trusted proxy's <c>X-Forwarded-Host</c>, or <see langword="null"/>.</summary>
    string? ForwardedHost { get; }

    /// <summary>A request header's value (name compared case-insensitively), or <see langword="null"/> when absent.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value.</returns>
    string? GetHeader(string name);

    /// <summary>A request cookie's value, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The cookie name.</param>
    /// <returns>The value.</returns>
    string? GetCookie(string name);
}
