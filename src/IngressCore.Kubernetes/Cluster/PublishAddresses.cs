using System.Net;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// The addresses written to <c>status.loadBalancer.ingress</c>: each an IP address (written as
/// <c>ip</c>) or a host name (written as <c>hostname</c>), as ingress-nginx's
/// <c>--publish-status-address</c> takes them.
/// </summary>
/// <param name="Addresses">The addresses, in the order given.</param>
/// <param name="Error">Why the text was refused, or <see langword="null"/>.</param>
internal sealed record PublishAddresses(IReadOnlyList<string> Addresses, string? Error)
{
    public static PublishAddresses Parse(string text)
    {
        var addresses = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
            {
                return new([], $"'{Printable.Of(text)}' has an empty address; give an IP address or a host name, or several separated by commas");
            }

            if (!IsIp(part) && (part.Length > 253 || Uri.CheckHostName(part) != UriHostNameType.Dns))
            {
                return new([], $"'{Printable.Of(part)}' is neither an IP address nor a host name");
            }

            addresses.Add(part);
        }

        return new(addresses, null);
    }

    /// <summary>Whether <paramref name="address"/> is written as <c>ip</c> rather than <c>hostname</c>.</summary>
    /// <remarks>Only the usual forms: IPAddress also reads <c>10.1</c> as 10.0.0.1, which is no way to write an address here.</remarks>
    public static bool IsIp(string address) =>
        IPAddress.TryParse(address, out var ip) &&
        (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || ip.ToString() == address);
}
