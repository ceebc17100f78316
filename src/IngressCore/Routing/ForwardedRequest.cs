using System.Net;

namespace IngressCore.Routing;

/// <summary>
/// The request as the client made it: the connection's view, or what trusted proxies say about it.
/// </summary>
/// <param name="Scheme">The scheme the client used (<c>http</c> or <c>https</c>).</param>
/// <param name="ClientAddress">The client's address.</param>
/// <param name="ForwardedHost">A trusted proxy's <c>X-Forwarded-Host</c> (its first value), or <see langword="null"/>.</param>
/// <param name="FromTrustedProxy">Whether the connection's peer is a trusted proxy, whose <c>X-Forwarded-*</c> a forwarder passes on.</param>
internal readonly record struct ForwardedRequest(string Scheme, IPAddress? ClientAddress, string? ForwardedHost, bool FromTrustedProxy = false);
