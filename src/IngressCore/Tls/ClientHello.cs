using System.Net.Security;

namespace IngressCore.Tls;

/// <summary>
/// The parts of a TLS ClientHello a passthrough decision needs: the server name (SNI) and the
/// ALPN protocols offered. A value type, so an incomplete read costs no allocation.
/// </summary>
internal readonly struct ClientHello
{
    private readonly byte[]? _alpn;

    private ClientHello(ClientHelloStatus status, string? serverName, byte[]? alpn, string? reason)
    {
        Status = status;
        ServerName = serverName;
        _alpn = alpn;
        Reason = reason;
    }

    /// <summary>Parsed, incomplete or invalid.</summary>
    public ClientHelloStatus Status { get; }

    /// <summary>
    /// The <c>host_name</c> of the server_name extension as a valid DNS name, lower case, without
    /// a trailing dot; <see langword="null"/> when the client sent none, or sent an IP literal or
    /// anything else that is not a DNS name (treated alike: "no SNI").
    /// </summary>
    public string? ServerName { get; }

    /// <summary>Why the bytes were refused, when <see cref="Status"/> is <see cref="ClientHelloStatus.Invalid"/>.</summary>
    public string? Reason { get; }

    /// <summary>The ALPN protocols offered, in the client's order; empty without the extension.</summary>
    public IReadOnlyList<SslApplicationProtocol> ApplicationProtocols
    {
        get
        {
            // Decoded on demand: the passthrough decision needs only the name. The list was
            // validated when read (every entry 1-255 bytes, lengths exact).
            if (_alpn is null)
            {
                return [];
            }

            var protocols = new List<SslApplicationProtocol>();
            for (var at = 0; at < _alpn.Length; at += 1 + _alpn[at])
            {
                protocols.Add(new SslApplicationProtocol(_alpn.AsSpan(at + 1, _alpn[at]).ToArray()));
            }

            return protocols;
        }
    }

    internal static ClientHello Incomplete => default;

    internal static ClientHello Parsed(string? serverName, byte[]? alpn) => new(ClientHelloStatus.Parsed, serverName, alpn, null);

    internal static ClientHello Invalid(string reason) => new(ClientHelloStatus.Invalid, null, null, reason);

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        ClientHelloStatus.Parsed => $"ClientHello sni={ServerName ?? "(none)"}",
        ClientHelloStatus.Invalid => $"invalid ClientHello: {Reason}",
        _ => "incomplete ClientHello",
    };
}
