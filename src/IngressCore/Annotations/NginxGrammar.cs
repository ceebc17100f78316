using System.Globalization;

namespace IngressCore.Annotations;

/// <summary>
/// The scalar grammars ingress-nginx's annotation parsers use (internal/ingress/annotations/parser),
/// as whole-string span parsers. Each returns why a value is refused, as a phrase that follows the
/// quoted value in a message (<c>'-5' has a sign; …</c>), or <see langword="null"/>.
/// </summary>
internal static class NginxGrammar
{
    /// <summary>What <see cref="ParseBool"/> accepts, for messages.</summary>
    public const string BoolForms = "true, false, 1, 0, t, f, T, F, TRUE, FALSE, True or False";

    /// <summary>Go's <c>strconv.ParseBool</c>: exactly these twelve spellings, nothing trimmed.</summary>
    public static bool? ParseBool(string value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    /// <summary>
    /// A count: ASCII decimal digits only, within <paramref name="min"/>..<paramref name="max"/>.
    /// Stricter than Go's <c>strconv.Atoi</c>, which also takes a sign: a negative limit, weight or
    /// timeout is never meaningful, and <c>+</c> is a look-alike the grammar does not need.
    /// </summary>
    public static string? ParseCount(string value, int min, int max, out int result)
    {
        result = 0;
        var digitsProblem = DigitsProblem(value);
        if (digitsProblem is not null)
        {
            return digitsProblem;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) || result > max)
        {
            result = 0;
            return string.Create(CultureInfo.InvariantCulture, $"is too large; at most {max} is allowed");
        }

        if (result < min)
        {
            var floor = result;
            result = 0;
            return string.Create(CultureInfo.InvariantCulture, $"is {floor}; at least {min} is required");
        }

        return null;
    }

    /// <summary>
    /// nginx's size grammar as ingress-nginx emits it (<c>^\d+[kKmMgG]?$</c>, binary units): the size
    /// in bytes. ingress-nginx's validator also passes a <c>b</c> suffix but then drops the
    /// directive; here it is refused.
    /// </summary>
    public static string? ParseSize(string value, out long bytes)
    {
        bytes = 0;
        if (value.Length == 0)
        {
            return "is empty";
        }

        var shift = char.ToUpperInvariant(value[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            _ => 0,
        };
        var digits = shift == 0 ? value : value[..^1];
        var digitsProblem = DigitsProblem(digits);
        if (digitsProblem is not null)
        {
            return digitsProblem + "; a size is digits optionally followed by k, m or g (as in 8m)";
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ||
            number > long.MaxValue >> shift)
        {
            return "is too large";
        }

        bytes = number << shift;
        return null;
    }

    /// <summary>Why <paramref name="value"/> is not a run of ASCII digits, worded for the usual mistakes.</summary>
    private static string? DigitsProblem(string value)
    {
        if (value.Length == 0)
        {
            return "has no digits";
        }

        if (value[0] is '+' or '-')
        {
            return "has a sign; only the digits of a non-negative whole number are allowed";
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return c is '.' or 'e' or 'E' or ','
                    ? "is not a whole number (no fractions, exponents or separators are allowed)"
                    : "is not a whole number written in ASCII digits (no units or other characters are allowed)";
            }
        }

        return null;
    }

    /// <summary>
    /// ingress-nginx's <c>alphaNumericChars</c> (<c>[-._~a-zA-Z0-9/:]</c>), the base of its
    /// <c>BasicCharsRegex</c>, <c>RegexPathWithCapture</c> and <c>URLIsValidRegex</c>.
    /// </summary>
    public static bool IsBasic(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '/' or ':';

    /// <summary>
    /// The characters of HTTP header and cookie names that ingress-nginx's <c>BasicCharsRegex</c> also
    /// allows: letters, digits, <c>-</c>, <c>.</c>, <c>_</c>, <c>~</c> (RFC 9110 <c>tchar</c>s).
    /// </summary>
    public static bool IsNameChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    /// <summary>A DNS host name as nginx would send it: labels of letters, digits, <c>-</c> and <c>_</c>, 1-63 long, 253 in all.</summary>
    public static string? HostNameProblem(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return "has an empty host";
        }

        if (host.Length > 253)
        {
            return "has a host longer than 253 characters";
        }

        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (label.IsEmpty || label.Length > 63)
            {
                return "has a host with an empty or over-long label";
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return "has a host label that starts or ends with '-'";
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    return $"has the character '{c}' in its host";
                }
            }
        }

        return null;
    }

    /// <summary>A TCP port, 1-65535, in digits.</summary>
    public static bool IsPort(ReadOnlySpan<char> text) =>
        text.Length is > 0 and <= 5 && !text.ContainsAnyExceptInRange('0', '9') &&
        int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) is > 0 and <= 65535;
}
