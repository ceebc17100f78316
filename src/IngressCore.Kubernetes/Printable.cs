using System.Globalization;
using System.Text;
using IngressCore.Diagnostics;

namespace IngressCore.Kubernetes;

/// <summary>
/// Renders untrusted text for a diagnostic: control and non-ASCII characters escaped, long values
/// cut, so a hostile manifest cannot forge lines or terminal escapes in what the user reads.
/// </summary>
internal static class Printable
{
    private const int MaxShown = 80;

    /// <summary>The text escaped and cut, without quotes.</summary>
    public static string Of(string? text, int maxShown = MaxShown)
    {
        if (text is null)
        {
            return "null";
        }

        if (text.Length <= maxShown && !text.AsSpan().ContainsAnyExceptInRange(' ', '~') && !text.AsSpan().ContainsAny('"', '\\'))
        {
            return text; // nothing to escape or cut: the common case, without an allocation
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxShown) + 8);
        var shown = text.Length > maxShown ? text.AsSpan(0, maxShown) : text.AsSpan();
        foreach (var c in shown)
        {
            if (c is >= ' ' and < (char)0x7F && c != '"' && c != '\\')
            {
                builder.Append(c);
            }
            else if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else
            {
                builder.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        if (text.Length > maxShown)
        {
            builder.Append("...");
        }

        return builder.ToString();
    }

    /// <summary>The text escaped, cut and in double quotes.</summary>
    public static string Quote(string? text) => text is null ? "null" : "\"" + Of(text) + "\"";

    /// <summary>A character as <c>U+XXXX</c>.</summary>
    public static string CodePoint(int c) => "U+" + c.ToString("X4", CultureInfo.InvariantCulture);
}
