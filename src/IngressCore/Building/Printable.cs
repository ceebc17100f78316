using System.Text;

namespace IngressCore.Building;

/// <summary>
/// Renders untrusted text for a diagnostic: control and non-ASCII characters escaped, long values
/// cut, so a hostile manifest cannot forge lines or terminal escapes in what the user reads.
/// </summary>
internal static class Printable
{
    private const int MaxShown = 80;

    public static string Of(char c) => Of(c.ToString());

    public static string Of(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxShown) + 8);
        foreach (var c in text.Length > MaxShown ? text.AsSpan(0, MaxShown) : text)
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

        if (text.Length > MaxShown)
        {
            builder.Append("...");
        }

        return builder.ToString();
    }
}
