using System.Buffers;

namespace IngressCore.Matching;

/// <summary>Reduces a request host (a Host header or an authority) to the name that selects a virtual host.</summary>
internal static class RequestHost
{
    private static readonly SearchValues<char> LabelCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>
    /// Strips the port and one trailing dot: <c>Foo.Example.com.:8080</c> becomes
    /// <c>Foo.Example.com</c> (case is folded by the lookup, not here). An IPv6 literal keeps its
    /// brackets and loses its port. Never allocates.
    /// </summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return host;
        }

        if (host[0] == '[')
        {
            var close = host.IndexOf(']');
            return close < 0 ? host : host[..(close + 1)];
        }

        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            host = host[..colon];
        }

        if (!host.IsEmpty && host[^1] == '.')
        {
            host = host[..^1];
        }

        return host;
    }

    /// <summary>
    /// For a wildcard lookup: the parent domain of <paramref name="host"/> when its first label is
    /// one non-empty label of <c>[A-Za-z0-9_-]</c> (ingress-nginx's <c>[\w-]+</c>); otherwise empty.
    /// </summary>
    public static ReadOnlySpan<char> ParentOfSingleLabel(ReadOnlySpan<char> host)
    {
        // One vector scan finds the end of the first label and validates it: the first character
        // that is not [A-Za-z0-9_-] must be the dot that ends a non-empty label.
        var dot = host.IndexOfAnyExcept(LabelCharacters);
        if (dot <= 0 || host[dot] != '.' || dot == host.Length - 1)
        {
            return default;
        }

        return host[(dot + 1)..];
    }
}
