using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace IngressCore.Routing;

/// <summary>
/// Decides whose <c>X-Forwarded-*</c> headers are believed (docs/serving.md): only those of configured
/// proxies. Anyone can send the headers, so believing them from everyone lets a client choose its
/// own address (past allow-lists) and its own scheme (past, or into loops of, HTTPS redirects).
/// </summary>
internal sealed class TrustedProxies
{
    private readonly IPAddress[] _addresses;
    private readonly IPNetwork[] _networks;

    public TrustedProxies(IEnumerable<IPAddress> addresses, IEnumerable<IPNetwork> networks)
    {
        _addresses = [.. addresses.Select(Canonical)];
        _networks = [.. networks];
    }

    public bool IsEmpty => _addresses.Length == 0 && _networks.Length == 0;

    public bool IsTrusted(IPAddress address)
    {
        address = Canonical(address);
        foreach (var trusted in _addresses)
        {
            if (trusted.Equals(address))
            {
                return true;
            }
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The client's scheme, address and forwarded host. With no trusted proxy on the connection
    /// this is the connection itself. Otherwise <c>X-Forwarded-For</c> is walked from the right
    /// (each proxy appends the address it was connected from, and <c>X-Forwarded-Proto</c> the
    /// scheme of that connection) past every trusted hop, like nginx's <c>real_ip_recursive</c>; the
    /// first untrusted hop is the client. A malformed entry stops the walk where it is.
    /// </summary>
    public ForwardedRequest Resolve(HttpContext context)
    {
        var scheme = context.Request.Scheme;
        var client = context.Connection.RemoteIpAddress;
        if (IsEmpty || client is null || !IsTrusted(client))
        {
            return new ForwardedRequest(scheme, client, null);
        }

        var headers = context.Request.Headers;
        var fors = Split(headers["X-Forwarded-For"]);
        var protos = Split(headers["X-Forwarded-Proto"]);
        for (var hop = 1; hop <= Math.Max(fors.Count, protos.Count); hop++)
        {
            var hopScheme = hop <= protos.Count ? SchemeOf(protos[^hop]) : null;
            if (hop > fors.Count)
            {
                // A proxy that forwards the scheme but not the address.
                scheme = hopScheme ?? scheme;
                break;
            }

            if (ParseAddress(fors[^hop]) is not { } address)
            {
                break;
            }

            client = address;
            scheme = hopScheme ?? scheme;
            if (!IsTrusted(address))
            {
                break;
            }
        }

        var forwardedHost = Split(headers["X-Forwarded-Host"]) is [var first, ..] && IsHostSyntax(first) ? first : null;
        return new ForwardedRequest(scheme, client, forwardedHost, FromTrustedProxy: true);
    }

    private static IPAddress Canonical(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static List<string> Split(StringValues values)
    {
        var parts = new List<string>();
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                parts.Add(part);
            }
        }

        return parts;
    }

    /// <summary>Only the two schemes a redirect decision knows; anything else is ignored, not passed on.</summary>
    private static string? SchemeOf(string value) =>
        value.Equals("https", StringComparison.OrdinalIgnoreCase) ? "https"
        : value.Equals("http", StringComparison.OrdinalIgnoreCase) ? "http"
        : null;

    /// <summary>An <c>X-Forwarded-For</c> entry: an address, optionally with a port (<c>1.2.3.4:5</c>, <c>[::1]:5</c>).</summary>
    private static IPAddress? ParseAddress(string value)
    {
        if (IPAddress.TryParse(value, out var address))
        {
            return Canonical(address);
        }

        return IPEndPoint.TryParse(value, out var endPoint) ? Canonical(endPoint.Address) : null;
    }

    /// <summary>A host name or bracketed IPv6 literal with an optional port: nothing that could inject into a Location.</summary>
    private static bool IsHostSyntax(string value)
    {
        if (value.Length is 0 or > 261)
        {
            return false;
        }

        var span = value.AsSpan();
        if (span[0] == '[')
        {
            var close = span.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(span[1..close], out _))
            {
                return false;
            }

            span = span[(close + 1)..];
            return span.IsEmpty || (span[0] == ':' && IsPort(span[1..]));
        }

        var colon = span.IndexOf(':');
        var name = colon < 0 ? span : span[..colon];
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return colon < 0 || IsPort(span[(colon + 1)..]);
    }

    private static bool IsPort(ReadOnlySpan<char> digits) =>
        digits.Length is > 0 and <= 5 && !digits.ContainsAnyExceptInRange('0', '9');
}
