using System.Buffers;
using System.Globalization;
using System.Text;

namespace IngressCore.Observability;

/// <summary>
/// Request text for a log line, escaped as nginx's <c>log_format … escape=default</c> does:
/// <c>"</c>, <c>\</c>, control characters and everything outside printable ASCII become
/// <c>\xHH</c> (<c>\uHHHH</c> above U+00FF), so a hostile path or header can neither forge a line nor
/// send a terminal escape, and a quoted field stays one field.
/// </summary>
internal static class LogText
{
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>The text escaped; the same instance when nothing needs escaping (the common case, no allocation).</summary>
    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAnyExcept(Plain);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (Plain.Contains(c))
            {
                builder.Append(c);
            }
            else if (c <= 0xFF)
            {
                builder.Append(@"\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
