using System.Text;

namespace IngressCore.Diagnostics;

/// <summary>
/// Renders untrusted text for a diagnostic: control and non-ASCII characters escaped, long values
/// cut, so a hostile manifest cannot forge lines or terminal escapes in what the user reads.
/// </summary>
internal static class Printable
{
    private const int MaxShown = 80;

    public static string Of(char c) => Of(c.ToString());

    public static string Of(string text) => Of(text, MaxShown);

    public static string Of(string text, int maxShown)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxShown) + 8);
        foreach (var c in text.Length > maxShown ? text.AsSpan(0, maxShown) : text)
        {
            if (c is >= ' ' and < (char)0x7F)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (text.Length > maxShown)
        {
            builder.Append("...");
        }

        return builder.ToString();
    }
}
