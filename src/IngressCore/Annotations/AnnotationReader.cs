using System.Globalization;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Annotations;

/// <summary>
/// One Ingress's <c>nginx.ingress.kubernetes.io/*</c> annotations while they are parsed: hands each
/// family parser its values (screened, and marked as read), and words the diagnostics. What no
/// parser read is reported at the end as unknown, unsupported or refused.
/// </summary>
internal sealed class AnnotationReader
{
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly ICollection<IngressDiagnostic> _diagnostics;

    public AnnotationReader(
        IngressDefinition ingress, IngressAnnotationOptions options, ICollection<IngressDiagnostic> diagnostics)
    {
        Ingress = ingress;
        Options = options;
        _diagnostics = diagnostics;
        foreach (var (key, value) in ingress.Annotations)
        {
            if (key.StartsWith(options.Prefix, StringComparison.Ordinal) && key.Length > options.Prefix.Length)
            {
                _values[key[options.Prefix.Length..]] = value ?? string.Empty;
            }
        }
    }

    public IngressDefinition Ingress { get; }

    public IngressAnnotationOptions Options { get; }

    /// <summary>Whether the Ingress carries any annotation under the prefix.</summary>
    public bool IsEmpty => _values.Count == 0;

    /// <summary>Whether an error was reported: the Ingress is refused.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>The annotation names (without prefix) a parser has read, in ordinal order.</summary>
    public IEnumerable<string> ReadNames => _values.Keys.Where(_read.Contains);

    /// <summary>The annotation names (without prefix) no parser has read, in ordinal order.</summary>
    public IEnumerable<string> UnreadNames => _values.Keys.Where(name => !_read.Contains(name));

    /// <summary>Whether the annotation is present (with any value).</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The raw value, unscreened (for the final sweep over unread annotations).</summary>
    public string RawValue(string name) => _values[name];

    /// <summary>
    /// The value of an annotation, screened (<see cref="AnnotationText.Screen"/>) and trimmed of
    /// spaces when <paramref name="trim"/>; <see langword="null"/> when it is absent, refused (an error
    /// is reported) or empty (a warning is reported, or <paramref name="emptyError"/> as an error).
    /// </summary>
    /// <param name="name">The annotation name without prefix.</param>
    /// <param name="allowed">The injection characters (<c>$</c>, braces, …) this grammar needs.</param>
    /// <param name="trim">Trim spaces, as ingress-nginx does for string values (not for booleans and numbers).</param>
    /// <param name="emptyError">When set, an empty value is this error rather than a warning.</param>
    public string? Read(string name, string allowed = "", bool trim = true, string? emptyError = null)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return null;
        }

        _read.Add(name);
        return Accept(name, trim ? AnnotationText.Trim(raw) : raw, raw, allowed, emptyError);
    }

    /// <summary>
    /// The value of a comma-separated list annotation whose every item ingress-nginx trims of white
    /// space, line breaks included (<see cref="AnnotationText.TrimListItems"/>): a value written as
    /// a YAML block scalar (<c>|</c>, with its trailing newline) or spread over lines is read as the
    /// list it is. A control character inside an item is still refused; otherwise as <see cref="Read"/>.
    /// </summary>
    /// <param name="name">The annotation name without prefix.</param>
    /// <param name="emptyError">When set, an empty value is this error rather than a warning.</param>
    public string? ReadTrimmedList(string name, string? emptyError = null)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return null;
        }

        _read.Add(name);
        return Accept(name, AnnotationText.TrimListItems(raw), raw, "", emptyError);
    }

    /// <summary>Screens <paramref name="value"/> (the raw value, trimmed as its grammar allows) and refuses it empty.</summary>
    private string? Accept(string name, string value, string raw, string allowed, string? emptyError)
    {
        // The length cap applies to what was written, before any trimming.
        var problem = raw.Length > AnnotationText.MaxLength ? AnnotationText.ScreenControl(raw) : AnnotationText.Screen(value, allowed);
        if (problem is not null)
        {
            Error(name, $"the value {problem}");
            return null;
        }

        if (value.Length == 0)
        {
            if (emptyError is not null)
            {
                Error(name, emptyError);
            }
            else
            {
                // ingress-nginx reads an empty value as "not set" (parser.parseString's invalid content).
                Warning(name, "the value is empty; the annotation is ignored, as ingress-nginx does");
            }

            return null;
        }

        return value;
    }

    /// <summary>A Go boolean (<see cref="NginxGrammar.ParseBool"/>); anything else is an error.</summary>
    public bool? ReadBool(string name)
    {
        var value = Read(name, trim: false);
        if (value is null)
        {
            return null;
        }

        var parsed = NginxGrammar.ParseBool(value);
        if (parsed is null)
        {
            Invalid(name, value, $"is not a boolean; use one of {NginxGrammar.BoolForms}");
        }

        return parsed;
    }

    /// <summary>A count in <paramref name="min"/>..<paramref name="max"/> (<see cref="NginxGrammar.ParseCount"/>).</summary>
    public int? ReadCount(string name, int min = 0, int max = int.MaxValue)
    {
        var value = Read(name, trim: false);
        if (value is null)
        {
            return null;
        }

        var problem = NginxGrammar.ParseCount(value, min, max, out var count);
        if (problem is not null)
        {
            Invalid(name, value, problem);
            return null;
        }

        return count;
    }

    /// <summary>Marks an annotation as read without reading it (a name the reader handles elsewhere).</summary>
    public void MarkRead(string name) => _read.Add(name);

    /// <summary>Reports a value its grammar refuses: an error, so the Ingress is refused whole.</summary>
    public void Invalid(string name, string value, string problem) =>
        Error(name, $"{AnnotationText.Quote(value)} {problem}");

    /// <summary>Reports an error about an annotation: the Ingress is refused whole.</summary>
    public void Error(string name, string message)
    {
        HasErrors = true;
        _diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Error, Ingress, Field(name), message));
    }

    /// <summary>Reports a warning about an annotation: the Ingress is served.</summary>
    public void Warning(string name, string message) =>
        _diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Warning, Ingress, Field(name), message));

    /// <summary>
    /// The diagnostic field of an annotation: <c>metadata.annotations[prefix/name]</c>, the name
    /// escaped: keys from a manifest file may not have passed the API server's validation.
    /// </summary>
    public string Field(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"metadata.annotations[{Options.Prefix}{Printable.Of(name)}]");
}
