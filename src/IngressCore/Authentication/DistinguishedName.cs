using System.Formats.Asn1;
using System.Security.Cryptography;
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
    private static readonly UniversalTagNumber[] StringTags =
    [
        UniversalTagNumber.UTF8String, UniversalTagNumber.PrintableString, UniversalTagNumber.IA5String, UniversalTagNumber.T61String,
        UniversalTagNumber.BMPString, UniversalTagNumber.UniversalString, UniversalTagNumber.VisibleString, UniversalTagNumber.NumericString,
    ];

    /// <summary>The name in RFC 2253 form; a name the BCL cannot read is given in its own words (<see cref="X500DistinguishedName.Name"/>).</summary>
    public static string Format(X500DistinguishedName name)
    {
        try
        {
            return Rfc2253(name);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException)
        {
            return name.Name;
        }
    }

    private static string Rfc2253(X500DistinguishedName name)
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
                // A multi-valued RDN: its attributes reversed too, '+'-joined, as OpenSSL's DN_REV prints them.
                var first = true;
                foreach (var (type, value) in Enumerable.Reverse(Attributes(rdn.RawData)))
                {
                    text.Append(first ? "" : "+").Append(ShortName(type)).Append('=');
                    Escape(text, value);
                    first = false;
                }

                continue;
            }

            var oid = rdn.GetSingleElementType();
            text.Append(ShortName(oid.Value ?? "")).Append('=');
            Escape(text, rdn.GetSingleElementValue() ?? "");
        }

        return text.ToString();
    }

    /// <summary>The attributes of a multi-valued RDN (a SET OF AttributeTypeAndValue), in encoded order.</summary>
    private static List<(string Type, string Value)> Attributes(ReadOnlyMemory<byte> rdn)
    {
        var attributes = new List<(string, string)>();
        var set = new AsnReader(rdn, AsnEncodingRules.DER).ReadSetOf();
        while (set.HasData)
        {
            var pair = set.ReadSequence();
            var type = pair.ReadObjectIdentifier();
            var tag = pair.PeekTag();
            var value = tag.TagClass == TagClass.Universal && StringTags.Contains((UniversalTagNumber)tag.TagValue)
                ? pair.ReadCharacterString((UniversalTagNumber)tag.TagValue)
                : "#" + Convert.ToHexString(pair.ReadEncodedValue().Span);
            attributes.Add((type, value));
        }

        return attributes;
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
