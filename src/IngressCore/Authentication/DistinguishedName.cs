using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace IngressCore.Authentication;

/// <summary>
/// A distinguished name as nginx's <c>$ssl_client_s_dn</c> prints it (OpenSSL's
/// <c>XN_FLAG_RFC2253</c>, RFC 2253): the most specific RDN first, <c>,</c> between RDNs and
/// <c>+</c> inside one, short attribute names, and <c>, + " \ &lt; &gt; ;</c>, a leading <c>#</c> or
/// space, a trailing space and every byte of a non-ASCII character escaped with <c>\</c>.
/// </summary>
internal static class DistinguishedName
{
    public static string Format(X500DistinguishedName name)
    {
        var text = new StringBuilder();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: true))
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            if (rdn.HasMultipleElements)
            {
                // Rare (a multi-valued RDN): .NET's own reading of it, '+'-joined.
                text.Append(new X500DistinguishedName(rdn.RawData.Span).Decode(X500DistinguishedNameFlags.UseUTF8Encoding).Replace(" + ", "+", StringComparison.Ordinal));
                continue;
            }

            var oid = rdn.GetSingleElementType();
            text.Append(ShortName(oid.Value ?? "")).Append('=');
            Escape(text, rdn.GetSingleElementValue() ?? "");
        }

        return text.ToString();
    }

    private static string ShortName(string oid) => oid switch
    {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.4" => "SN",
        "2.5.4.42" => "GN",
        "2.5.4.5" => "serialNumber",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.2.840.113549.1.9.1" => "emailAddress",
        _ => oid,
    };

    private static void Escape(StringBuilder text, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c > 0x7E || c < 0x20)
            {
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1;
                foreach (var b in Encoding.UTF8.GetBytes(value.Substring(i, length)))
                {
                    text.Append('\\').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }

                i += length - 1;
                continue;
            }

            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' ||
                (i == 0 && c is '#' or ' ') ||
                (i == value.Length - 1 && c == ' '))
            {
                text.Append('\\');
            }

            text.Append(c);
        }
    }
}
