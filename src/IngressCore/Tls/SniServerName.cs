using System.Buffers;
using System.Globalization;
using System.Text;

namespace IngressCore.Tls;

/// <summary>
/// The forms of a TLS server name (SNI) the store looks up. The indexes hold only valid lower-case
/// DNS names, and their compare equates nothing but ASCII letter case, so a malformed name (an
/// empty label, a control character, a port, <c>*</c>) can never equal a key: a lookup needs no
/// validation on its way to a hit. Validation is for the rest: an all-digit last label (an IP
/// literal) before a wildcard probe, and names in Unicode form, which are converted to punycode.
/// </summary>
internal static class SniServerName
{
    /// <summary>The longest DNS name, without a trailing dot.</summary>
    public const int MaxLength = 253;

    /// <summary>The longest DNS label.</summary>
    public const int MaxLabel = 63;

    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    // IdnMapping keeps no per-call state; Uri shares one instance the same way.
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>Removes one trailing dot (<c>example.com.</c> is the fully qualified <c>example.com</c>).</summary>
    public static ReadOnlySpan<char> TrimDot(ReadOnlySpan<char> name) =>
        !name.IsEmpty && name[^1] == '.' ? name[..^1] : name;

    /// <summary>A host as a Host header carries it, without its port; empty for an IPv6 literal, which is never a name.</summary>
    public static ReadOnlySpan<char> WithoutPort(ReadOnlySpan<char> host)
    {
        if (!host.IsEmpty && host[0] == '[')
        {
            return default;
        }

        var colon = host.LastIndexOf(':');
        return colon >= 0 ? host[..colon] : host;
    }

    /// <summary>Whether the name holds a character outside ASCII, so it may be an internationalised name in Unicode form.</summary>
    public static bool IsUnicode(ReadOnlySpan<char> name) => !Ascii.IsValid(name);

    /// <summary>
    /// Whether <paramref name="name"/> (trailing dot already removed) is a valid DNS name: at most
    /// 253 characters, labels of 1-63 of <c>[A-Za-z0-9_-]</c> (the underscore as ingress-nginx's
    /// <c>[\w-]</c> allows it), and a last label that is not all digits (an IPv4 literal).
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxLength || name.ContainsAnyExcept(NameChars))
        {
            return false;
        }

        while (true)
        {
            var dot = name.IndexOf('.');
            var label = dot < 0 ? name : name[..dot];
            if (label.IsEmpty || label.Length > MaxLabel)
            {
                return false;
            }

            if (dot < 0)
            {
                // (IndexOfAnyExceptInRange would do, but allocates 96 B per call on .NET 10.)
                return label.ContainsAnyExcept(Digits);
            }

            name = name[(dot + 1)..];
        }
    }

    /// <summary>
    /// The punycode form of a name in Unicode form (<c>bücher.example</c> → <c>xn--bcher-kva.example</c>),
    /// or an empty span when it is not a valid internationalised name. SslStream hands the server
    /// such names decoded, so this path is taken for every IDN client; it allocates.
    /// </summary>
    public static ReadOnlySpan<char> ToAscii(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxLength)
        {
            return default;
        }

        foreach (var c in name)
        {
            // IdnMapping refuses lone surrogates and most punctuation itself; control characters
            // and spaces are refused here so no hostile character reaches it.
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return default;
            }
        }

        string ascii;
        try
        {
            // Lower-casing first: with invariant globalization IdnMapping folds ASCII only, so
            // 'BÜCHER' would otherwise encode differently from 'bücher'.
            ascii = Idn.GetAscii(name.ToString().ToLowerInvariant());
        }
        catch (ArgumentException)
        {
            return default;
        }

        var trimmed = TrimDot(ascii);
        return IsValid(trimmed) ? trimmed : default;
    }
}
