using System.Collections.ObjectModel;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IngressCore.Annotations;

/// <summary>
/// A comma-separated list of IP addresses and CIDR ranges, IPv4 and IPv6: <c>allowlist-source-range</c>,
/// <c>denylist-source-range</c>, <c>limit-allowlist</c> (docs/annotations.md).
/// </summary>
/// <remarks>
/// Grammar: entries separated by <c>,</c>, white space around them ignored (line breaks included, as
/// ingress-nginx's <c>strings.TrimSpace</c> of each entry: a YAML block scalar works); each a dotted-quad IPv4 address
/// (no leading zeros, as Go's <c>net.ParseIP</c>), or an IPv6 address without a zone, optionally
/// followed by <c>/prefix</c>. A bare address is a /32 or /128. As in Go's <c>net.ParseCIDR</c>, a
/// range with host bits set (<c>10.0.0.1/8</c>) means its network (<c>10.0.0.0/8</c>), with a
/// warning. Any bad entry fails closed: ingress-nginx denies the location (503) or drops the
/// Ingress; here the Ingress is refused.
/// </remarks>
internal sealed class IpRangeList
{
    private IpRangeList(string value, ReadOnlyCollection<IPNetwork> networks)
    {
        Value = value;
        Networks = networks;
    }

    /// <summary>The list as written, without the white space around its entries.</summary>
    public string Value { get; }

    /// <summary>The ranges, in the order written (duplicates kept).</summary>
    public IReadOnlyList<IPNetwork> Networks { get; }

    /// <summary>Whether an address is in any of the ranges; an IPv4-mapped IPv6 address is compared as IPv4.</summary>
    /// <param name="address">The client address.</param>
    /// <returns><see langword="true"/> when a range contains it.</returns>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : null;
        foreach (var network in Networks)
        {
            if (network.Contains(address) || (v4 is not null && network.Contains(v4)))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>
    /// Reads a list annotation: absent gives <see langword="null"/>; empty or invalid is an error
    /// (fail closed); a range with host bits set is a warning.
    /// </summary>
    internal static IpRangeList? Read(AnnotationReader reader, string name)
    {
        var value = reader.ReadTrimmedList(
            name, "the value is empty; an empty address list is refused, as ingress-nginx denies every request to it");
        if (value is null)
        {
            return null;
        }

        var networks = new List<IPNetwork>();
        foreach (var range in value.AsSpan().Split(','))
        {
            var entry = value.AsSpan(range);
            var problem = TryParseEntry(entry, out var network, out var hostBitsSet);
            if (problem is not null)
            {
                reader.Invalid(name, value, $"has the entry {AnnotationText.Quote(entry.ToString())}, which {problem}; the list is refused so nothing it was meant to block is let through");
                return null;
            }

            if (hostBitsSet)
            {
                reader.Warning(name, $"the entry {AnnotationText.Quote(entry.ToString())} has host bits set; it is read as {network}, as ingress-nginx does");
            }

            networks.Add(network);
        }

        return new IpRangeList(value, networks.AsReadOnly());
    }

    private static string? TryParseEntry(ReadOnlySpan<char> entry, out IPNetwork network, out bool hostBitsSet)
    {
        network = default;
        hostBitsSet = false;
        if (entry.IsEmpty)
        {
            return "is empty";
        }

        var slash = entry.IndexOf('/');
        var addressText = slash < 0 ? entry : entry[..slash];
        var address = ParseAddress(addressText);
        if (address is null)
        {
            return "is not an IPv4 or IPv6 address or CIDR range";
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0)
        {
            var prefixText = entry[(slash + 1)..];
            if (prefixText.IsEmpty || prefixText.Length > 3 || prefixText.ContainsAnyExceptInRange('0', '9') ||
                (prefixText.Length > 1 && prefixText[0] == '0') ||
                (prefix = int.Parse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture)) > maxPrefix)
            {
                return string.Create(CultureInfo.InvariantCulture, $"has an invalid prefix length (0-{maxPrefix})");
            }
        }

        if (slash < 0)
        {
            network = new IPNetwork(address, prefix);
            return null;
        }

        // The strict checks above come first: IPNetwork.TryParse alone is as lenient as
        // IPAddress.TryParse. Like Go's ParseCIDR it masks host bits (10.1.2.3/8 is 10.0.0.0/8),
        // which ingress-nginx then stores; the caller warns about it.
        if (!IPNetwork.TryParse(entry, out network))
        {
            return "is not a CIDR range";
        }

        hostBitsSet = !network.BaseAddress.Equals(address);
        return null;
    }

    /// <summary>A strict address: dotted-quad IPv4 without leading zeros, or IPv6 without a zone (IPAddress.TryParse alone also takes <c>1</c>, <c>0x7f.1</c> and <c>%eth0</c>).</summary>
    private static IPAddress? ParseAddress(ReadOnlySpan<char> text)
    {
        if (text.Contains(':'))
        {
            return !text.ContainsAnyExcept("0123456789abcdefABCDEF:.") &&
                IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? v6
                : null;
        }

        var octets = 0;
        foreach (var range in text.Split('.'))
        {
            var octet = text[range];
            if (octet.IsEmpty || octet.Length > 3 || octet.ContainsAnyExceptInRange('0', '9') ||
                (octet.Length > 1 && octet[0] == '0') ||
                int.Parse(octet, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return null;
            }

            octets++;
        }

        return octets == 4 && IPAddress.TryParse(text, out var v4) ? v4 : null;
    }
}
