using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace IngressCore.Cli.Commands;

/// <summary>
/// A <c>serve</c> listener: <c>IP:PORT</c>, <c>[IPv6]:PORT</c>, <c>localhost:PORT</c>, <c>*:PORT</c>,
/// or <c>off</c>. The port is required (0 picks a free one), so a bare address never silently
/// means port 0.
/// </summary>
internal sealed record ListenAddress(IPEndPoint? EndPoint, bool Localhost, bool Any, int Port)
{
    public static (ListenAddress? Address, bool Off, string? Error) Parse(string option, string value)
    {
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return (null, true, null);
        }

        var colon = value.LastIndexOf(':');
        var host = colon < 0 ? "" : value[..colon];
        if (colon < 0 || host.Length == 0 || (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[')) ||
            !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return (null, false, $"{option} takes IP:PORT, [IPv6]:PORT, localhost:PORT, *:PORT or off, got '{value}'");
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return (new ListenAddress(null, Localhost: true, Any: false, port), false, null);
        }

        if (host == "*")
        {
            return (new ListenAddress(null, Localhost: false, Any: true, port), false, null);
        }

        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(literal, out var address)
            ? (new ListenAddress(new IPEndPoint(address, port), false, false, port), false, null)
            : (null, false, $"{option}: '{host}' is not an IP address, localhost or *");
    }

    /// <summary>Adds this listener to Kestrel.</summary>
    public void Listen(KestrelServerOptions kestrel, Action<ListenOptions> configure)
    {
        if (Localhost)
        {
            kestrel.ListenLocalhost(Port, configure);
        }
        else if (Any)
        {
            kestrel.ListenAnyIP(Port, configure);
        }
        else
        {
            kestrel.Listen(EndPoint!, configure);
        }
    }
}
