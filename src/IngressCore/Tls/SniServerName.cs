using System.Buffers;
using System.Globalization;

namespace IngressCore.Tls;

/// <summary>
/// Reduces a TLS server name (SNI) to the form the store's indexes hold: ASCII, one trailing dot
/// removed, every label a non-empty run of at most 63 of <c>[A-Za-z0-9_-]</c>, at most 253
/// characters, and not an IP literal. Case is left as it is: the indexes compare ASCII
/// case-insensitively. A name that fails gets the default certificate only, so a malformed name
/// can never reach a wildcard it does not belong under (Kestrel's dotnet/aspnetcore#67721).
/// </summary>
internal static class SniServerName
{
    private const int MaxLength = 253;
    private const int MaxLabel = 63;

    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    // IdnMapping keeps no per-call state; Uri shares one instance the same way.
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>
    /// Returns the lookup form of <paramref name="serverName"/>, or an empty span when it is absent or
    /// not a valid DNS name. ASCII names come back as a slice of the input (no allocation). SslStream
    /// hands the server an internationalised name in Unicode (it decodes <c>xn--</c> labels), so a
    /// name with non-ASCII characters is converted back to its punycode form; that one path
    /// allocates.
    /// </summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> serverName)
    {
        if (!serverName.IsEmpty && serverName[^1] == '.')
        {
            serverName = serverName[..^1];
        }

        return IsValidAscii(serverName, out var nonAscii) ? serverName
            : nonAscii ? FromUnicode(serverName)
            : default;
    }

    /// <summary>
    /// <see cref="Normalize"/> for a host as a Host header carries it: a port is dropped first; an
    /// IPv6 literal (<c>[::1]:443</c>) is never a name.
    /// </summary>
    public static ReadOnlySpan<char> FromHost(ReadOnlySpan<char> host)
    {
        if (!host.IsEmpty && host[0] == '[')
        {
            return default;
        }

        var colon = host.LastIndexOf(':');
        return Normalize(colon >= 0 ? host[..colon] : host);
    }

    /// <summary>
    /// Checks the ASCII grammar. Sets <paramref name="nonAscii"/> when the first character outside
    /// it is above 0x9F (past the C1 controls), so the IDN path may still accept the name.
    /// </summary>
    private static bool IsValidAscii(ReadOnlySpan<char> name, out bool nonAscii)
    {
        nonAscii = false;
        if (name.IsEmpty || name.Length > MaxLength)
        {
            return false;
        }

        // One vectorised scan for anything outside [A-Za-z0-9._-]; the labels are then measured
        // with vectorised IndexOf('.'), so a typical name costs a few instructions per label.
        var other = name.IndexOfAnyExcept(NameChars);
        if (other >= 0)
        {
            // Control characters (C0, DEL, C1) are never accepted, in either form; FromUnicode
            // refuses the rest of what IDNA does not allow.
            nonAscii = name[other] > '\u009f';
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
                // An all-digit last label is an IPv4 literal (or a numeric top-level domain, which
                // DNS does not have).
                // (IndexOfAnyExceptInRange would do, but allocates 96 B per call on .NET 10.)
                return label.IndexOfAnyExcept(Digits) >= 0;
            }

            name = name[(dot + 1)..];
        }
    }

    private static ReadOnlySpan<char> FromUnicode(ReadOnlySpan<char> name)
    {
        if (name.Length > MaxLength)
        {
            return default;
        }

        foreach (var c in name)
        {
            // IdnMapping refuses lone surrogates and most punctuation itself; control characters
            // and spaces are refused here so no hostile byte reaches it.
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

        if (ascii.Length > 0 && ascii[^1] == '.')
        {
            ascii = ascii[..^1];
        }

        return IsValidAscii(ascii, out _) ? ascii : default;
    }
}
