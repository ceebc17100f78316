namespace IngressCore.Annotations;

/// <summary>
/// One entry of <c>cors-allow-origin</c>: <c>scheme://host[:port]</c>, where the host may start with
/// <c>*.</c> (exactly one extra label), or the literal origin <c>null</c>.
/// </summary>
/// <remarks>
/// ingress-nginx compares origins case-insensitively; the port must match exactly (an origin without a
/// port matches only a request origin without one). Its regex is anchored only at the end; the
/// comparison this type describes is of the whole origin.
/// </remarks>
internal sealed class CorsOrigin
{
    private CorsOrigin(string value, string scheme, string host, int? port, bool isWildcard)
    {
        Value = value;
        Scheme = scheme;
        Host = host;
        Port = port;
        IsWildcardSubdomain = isWildcard;
    }

    /// <summary>The entry as written.</summary>
    public string Value { get; }

    /// <summary>Whether this is the origin <c>null</c> (sandboxed documents, <c>file:</c> pages).</summary>
    public bool IsNullOrigin => Scheme.Length == 0;

    /// <summary>The scheme, lower case (<c>https</c>, or a custom one such as <c>tauri</c>); empty for <see cref="IsNullOrigin"/>.</summary>
    public string Scheme { get; }

    /// <summary>The host, without the <c>*.</c> of a wildcard; empty for <see cref="IsNullOrigin"/>.</summary>
    public string Host { get; }

    /// <summary>The port, when the entry names one.</summary>
    public int? Port { get; }

    /// <summary>Whether the entry was <c>scheme://*.host</c>: any one label in front of <see cref="Host"/> matches.</summary>
    public bool IsWildcardSubdomain { get; }

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Parses one trimmed, non-empty entry other than <c>*</c>; returns why it is refused, or <see langword="null"/>.</summary>
    internal static string? TryParse(string entry, out CorsOrigin? origin)
    {
        origin = null;
        if (entry == "null")
        {
            origin = new CorsOrigin(entry, string.Empty, string.Empty, null, isWildcard: false);
            return null;
        }

        var separator = entry.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || entry.AsSpan(0, separator).ContainsAnyExceptInRange('a', 'z'))
        {
            return "must be scheme://host[:port] with a lower-case scheme (as https://example.com), '*' or 'null'";
        }

        var scheme = entry[..separator];
        var rest = entry.AsSpan(separator + 3);
        var wildcard = rest.StartsWith("*.");
        if (wildcard)
        {
            rest = rest[2..];
        }

        var colon = rest.IndexOf(':');
        var host = colon < 0 ? rest : rest[..colon];
        int? port = null;
        if (colon >= 0)
        {
            var portText = rest[(colon + 1)..];
            if (!NginxGrammar.IsPort(portText))
            {
                return "has an invalid port (1-65535 are allowed, and nothing may follow it)";
            }

            port = int.Parse(portText, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (host.IsEmpty || host[0] == '.' || host[^1] == '.' || host.Contains("..", StringComparison.Ordinal))
        {
            return "has an empty host or an empty label in it";
        }

        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            {
                return c == '*'
                    ? "has a '*' that is not the whole first label ('*.' directly after '://')"
                    : $"has the character '{c}' in its host; an origin is scheme://host[:port] with no path";
            }
        }

        origin = new CorsOrigin(entry, scheme, host.ToString(), port, wildcard);
        return null;
    }
}
