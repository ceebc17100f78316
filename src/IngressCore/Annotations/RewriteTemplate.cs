using System.Collections.Immutable;

namespace IngressCore.Annotations;

/// <summary>
/// A value with nginx capture references, such as <c>/new/$1/x$2</c>, parsed once into literal and
/// capture parts so it is expanded by copying, never interpreted as a format string or an nginx
/// script. As in nginx, a capture is a <c>$</c> and one digit 1–9 (<c>$10</c> is <c>$1</c> then
/// <c>0</c>); every other <c>$</c> (nginx variables such as <c>$host</c>) is refused.
/// </summary>
internal sealed class RewriteTemplate
{
    private RewriteTemplate(string text, ImmutableArray<RewriteTemplatePart> parts, int highestGroup)
    {
        Text = text;
        Parts = parts;
        HighestGroup = highestGroup;
    }

    /// <summary>The template as written in the annotation.</summary>
    public string Text { get; }

    /// <summary>The parts in order; adjacent literal text is one part.</summary>
    public ImmutableArray<RewriteTemplatePart> Parts { get; }

    /// <summary>The highest capture group referenced, or 0 when there is none.</summary>
    public int HighestGroup { get; }

    /// <summary>Whether any capture group is referenced (when not, the template is its literal text).</summary>
    public bool HasCaptures => HighestGroup > 0;

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>
    /// Parses a template whose literal characters satisfy <paramref name="isLiteral"/>; returns why
    /// it is refused (a phrase following the quoted value), or <see langword="null"/>.
    /// </summary>
    internal static string? TryParse(string text, Func<char, bool> isLiteral, out RewriteTemplate? template)
    {
        template = null;
        var parts = ImmutableArray.CreateBuilder<RewriteTemplatePart>();
        var highest = 0;
        var literalStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '$')
            {
                if (!isLiteral(c))
                {
                    return $"has the character '{c}', which is not allowed here";
                }

                continue;
            }

            if (i + 1 == text.Length)
            {
                return "ends with '$'; a capture is '$' followed by a digit 1-9";
            }

            var next = text[i + 1];
            if (next is < '1' or > '9')
            {
                return next == '0'
                    ? "uses $0; only the capture groups $1 to $9 are supported"
                    : $"uses the nginx variable '{VariableAt(text, i)}'; only the capture groups $1 to $9 are supported (IngressCore expands no nginx variables)";
            }

            if (i > literalStart)
            {
                parts.Add(new RewriteTemplatePart(RewriteTemplatePartKind.Literal, text[literalStart..i], 0));
            }

            var group = next - '0';
            parts.Add(new RewriteTemplatePart(RewriteTemplatePartKind.Capture, string.Empty, group));
            highest = Math.Max(highest, group);
            i++;
            literalStart = i + 1;
        }

        if (literalStart < text.Length)
        {
            parts.Add(new RewriteTemplatePart(RewriteTemplatePartKind.Literal, text[literalStart..], 0));
        }

        template = new RewriteTemplate(text, parts.ToImmutable(), highest);
        return null;
    }

    private static string VariableAt(string text, int dollar)
    {
        var end = dollar + 1;
        while (end < text.Length && end - dollar <= 32 && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return text[dollar..end];
    }
}
