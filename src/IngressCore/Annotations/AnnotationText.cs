using System.Globalization;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Annotations;

/// <summary>
/// The screen every annotation value passes before its own grammar (docs/annotations.md, "How a value is read"):
/// a length cap, no control characters, no Unicode line separators, ASCII only, and none of the
/// characters config injection is made of unless the annotation's grammar needs them.
/// </summary>
internal static class AnnotationText
{
    /// <summary>The longest value read; longer values are refused before any parsing.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// Characters that no grammar admits unless it names them: quotes and backquote (CVE-2025-1098),
    /// braces and <c>;</c> (directive injection, CVE-2021-25746, CVE-2023-5044), <c>#</c> (comments,
    /// CVE-2026-4342), <c>\</c> (escapes) and <c>$</c> (nginx variables, CVE-2026-3288).
    /// </summary>
    private const string InjectionCharacters = "\"'`{};#\\$";

    /// <summary>The ASCII characters Go's <c>strings.TrimSpace</c> removes (its Unicode ones are refused as non-ASCII anyway).</summary>
    private const string GoWhiteSpace = " \t\n\v\f\r";

    /// <summary>Why <paramref name="value"/> is refused before any grammar, or <see langword="null"/>.</summary>
    /// <param name="value">The raw annotation value.</param>
    /// <param name="allowed">Characters of <see cref="InjectionCharacters"/> this annotation's grammar needs.</param>
    public static string? Screen(string value, string allowed)
    {
        var problem = ScreenControl(value);
        if (problem is not null)
        {
            return problem;
        }

        var at = value.AsSpan().IndexOfAny(InjectionCharacters);
        while (at >= 0)
        {
            var c = value[at];
            if (!allowed.Contains(c, StringComparison.Ordinal))
            {
                return c == '$'
                    ? "contains '$': nginx variables are not expanded by IngressCore and are not allowed here"
                    : $"contains '{c}', which this annotation does not allow (it is how configuration is injected)";
            }

            var next = value.AsSpan(at + 1).IndexOfAny(InjectionCharacters);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return null;
    }

    /// <summary>
    /// The part of the screen applied even to annotations IngressCore ignores: a value that carries
    /// a line break or a control character is hostile wherever it appears.
    /// </summary>
    public static string? ScreenControl(string value)
    {
        if (value.Length > MaxLength)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"is {value.Length} characters long; at most {MaxLength} are allowed");
        }

        foreach (var c in value)
        {
            if (c < ' ' || c is >= (char)0x7F and <= (char)0x9F)
            {
                return $"contains the control character {CodePoint(c)}";
            }

            if (c is '\u2028' or '\u2029')
            {
                return $"contains the Unicode line separator {CodePoint(c)}";
            }

            if (c > '~')
            {
                // Every grammar is ASCII: a non-ASCII character is at best a look-alike
                // (full-width digits, homoglyphs) and at worst an encoding trick.
                return $"contains the non-ASCII character {CodePoint(c)}; annotation values are ASCII";
            }
        }

        return null;
    }

    /// <summary>The value without leading and trailing spaces, as ingress-nginx trims string values (tabs never get this far).</summary>
    public static string Trim(string value) => value.Trim(' ');

    /// <summary>
    /// The comma-separated items of <paramref name="value"/>, each without the white space around
    /// it (Go's ASCII white space: space, tab, line feed, vertical tab, form feed, carriage
    /// return), joined by <c>,</c>. This is what ingress-nginx's <c>net.ParseIPNets</c> does to each
    /// item of a CIDR list (<c>strings.TrimSpace</c>), so a list written as a YAML block scalar, or
    /// one item per line, means what it says. White space inside an item is kept, so the screen
    /// still refuses a control character there.
    /// </summary>
    public static string TrimListItems(string value)
    {
        if (!value.AsSpan().ContainsAny(GoWhiteSpace))
        {
            return value;
        }

        var items = value.Split(',');
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = items[i].AsSpan().Trim(GoWhiteSpace).ToString();
        }

        return string.Join(',', items);
    }

    /// <summary>Quotes a value for a message, escaped and shortened by <see cref="Printable"/>.</summary>
    public static string Quote(string value) => $"'{Printable.Of(value)}'";

    private static string CodePoint(char c) =>
        string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
}
