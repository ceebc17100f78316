using System.Net;
using IngressCore.Annotations;
using IngressCore.Fuzz.Support;
using IngressCore.Model;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// The IP range list grammar (allowlist and denylist). An accepted list must contain the network
/// address of each of its ranges, and answer for any client address without throwing.
/// </summary>
internal static class SourceRangeTarget
{
    private static readonly IPAddress[] Clients =
    [
        IPAddress.Parse("10.1.2.3"), IPAddress.Parse("127.0.0.1"), IPAddress.Parse("0.0.0.0"), IPAddress.Parse("255.255.255.255"),
        IPAddress.Parse("::1"), IPAddress.Parse("::ffff:10.1.2.3"), IPAddress.Parse("2001:db8::1"), IPAddress.Parse("fe80::1%1"),
    ];

    public static void Run(ReadOnlySpan<byte> input)
    {
        var value = FuzzText.Utf8(input);
        var ingress = Ingresses.Create(
            "ranges", "fuzz.example.com", "/", PathType.Prefix,
            [("allowlist-source-range", value), ("denylist-source-range", value)]);
        var parsed = IngressAnnotations.Parse(ingress, []);
        foreach (var list in new[] { parsed.Allowlist, parsed.Denylist })
        {
            if (list is null)
            {
                continue;
            }

            foreach (var network in list.Networks)
            {
                if (!list.Contains(network.BaseAddress))
                {
                    throw new FuzzFinding($"{value} does not contain its own network address {network.BaseAddress}");
                }
            }

            foreach (var client in Clients)
            {
                _ = list.Contains(client);
            }
        }

        if (parsed.Allowlist is null && !parsed.HasErrors)
        {
            throw new FuzzFinding($"{value} was not read as an allowlist, yet the Ingress is not refused (an access control must fail closed)");
        }

        if ((parsed.Allowlist is null) != (parsed.Denylist is null))
        {
            throw new FuzzFinding($"{value} is read differently as an allowlist and as a denylist");
        }

        Serving.Build(ingress);
    }
}
