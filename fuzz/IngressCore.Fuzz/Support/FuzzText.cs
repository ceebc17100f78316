using System.Text;

namespace IngressCore.Fuzz.Support;

/// <summary>Turns fuzz bytes into the text a target needs.</summary>
internal static class FuzzText
{
    /// <summary>The bytes as UTF-8 (an invalid sequence becomes U+FFFD, as a UTF-8 decoder in front of IngressCore would make it).</summary>
    public static string Utf8(ReadOnlySpan<byte> input) => Encoding.UTF8.GetString(input);

    /// <summary>The first <paramref name="count"/> lines (missing ones empty); the last holds the rest of the text, line breaks included.</summary>
    public static string[] Lines(string text, int count)
    {
        var lines = text.Split('\n', count);
        return lines.Length == count ? lines : [.. lines, .. Enumerable.Repeat(string.Empty, count - lines.Length)];
    }

    /// <summary>An empty line means "not set".</summary>
    public static string? Optional(string line) => line.Length == 0 ? null : line;

    /// <summary>Throws a <see cref="FuzzFinding"/> when <paramref name="text"/> holds a control character or a Unicode line break.</summary>
    /// <param name="text">Text IngressCore produced for a log, a terminal or a header.</param>
    /// <param name="what">What it is, for the finding.</param>
    public static void AssertPrintable(string? text, string what)
    {
        if (text is null)
        {
            return;
        }

        foreach (var c in text)
        {
            if (c < ' ' || c is >= '\u007f' and <= '\u009f' or '\u2028' or '\u2029')
            {
                throw new FuzzFinding($"{what} holds the control character U+{(int)c:X4}: {text}");
            }
        }
    }
}
