using System.Net;
using IngressCore.Annotations;
using IngressCore.Forwarding.Upstreams;
using IngressCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IngressCore.Forwarding;

/// <summary>
/// Evaluates an <c>upstream-hash-by</c> key for one request straight into its FNV-1a hash: each
/// part's text is hashed where it lies, without building the key string.
/// </summary>
internal static class HashKey
{
    public static ulong Of(UpstreamHashBy key, HttpContext context, IIngressRouteFeature feature)
    {
        var hash = Fnv.Offset;
        var request = context.Request;
        Span<char> digits = stackalloc char[5];
        foreach (var part in key.Parts)
        {
            switch (part.Kind)
            {
                case HashVariable.Literal:
                    hash = Fnv.Add(hash, part.Text);
                    break;
                case HashVariable.RequestUri:
                    hash = Fnv.Add(hash, context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value);
                    break;
                case HashVariable.Uri:
                    hash = Fnv.Add(hash, request.Path.Value);
                    break;
                case HashVariable.Args:
                    var query = request.QueryString.Value.AsSpan();
                    hash = Fnv.Add(hash, query.IsEmpty ? query : query[1..]);
                    break;
                case HashVariable.Host:
                    var host = request.Host.Host;
                    foreach (var c in host)
                    {
                        hash = Fnv.Add(hash, [char.ToLowerInvariant(c)]);
                    }

                    break;
                case HashVariable.Scheme:
                    hash = Fnv.Add(hash, feature.Scheme);
                    break;
                case HashVariable.RequestMethod:
                    hash = Fnv.Add(hash, request.Method);
                    break;
                case HashVariable.RemoteAddr:
                    hash = AddAddress(hash, feature.ClientAddress);
                    break;
                case HashVariable.ServerPort:
                    hash = context.Connection.LocalPort.TryFormat(digits, out var written, provider: System.Globalization.CultureInfo.InvariantCulture)
                        ? Fnv.Add(hash, digits[..written])
                        : hash;
                    break;
                case HashVariable.Header:
                    foreach (var value in request.Headers[part.Text])
                    {
                        hash = Fnv.Add(hash, value);
                    }

                    break;
                case HashVariable.Cookie:
                    hash = Fnv.Add(hash, request.Cookies[part.Text]);
                    break;
                case HashVariable.QueryArgument:
                    hash = Fnv.Add(hash, request.Query[part.Text].ToString());
                    break;
            }
        }

        return hash;
    }

    private static ulong AddAddress(ulong hash, IPAddress? address)
    {
        if (address is null)
        {
            return hash;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out var written) ? Fnv.Add(hash, bytes[..written]) : hash;
    }
}
