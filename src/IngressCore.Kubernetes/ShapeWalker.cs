using System.Globalization;
using System.Text.RegularExpressions;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Kubernetes;

/// <summary>One problem the walk found: which field, where, and why.</summary>
internal sealed record Finding(DiagnosticSeverity Severity, string Field, string Message, int Line);

/// <summary>
/// Walks an object's YAML node tree against its model's <see cref="Shape"/>: records the line of
/// every field path (<c>spec.rules[0].http.paths[1].path</c>, <c>metadata.annotations[key]</c>),
/// and reports duplicate keys, unknown fields and values of the wrong type with the exact field,
/// before anything is deserialized. Recursion is bounded by <see cref="YamlDocuments.MaxDepth"/>.
/// </summary>
internal sealed partial class ShapeWalker(DiagnosticSeverity unknownFieldSeverity)
{
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>The 1-based line of each field path.</summary>
    public Dictionary<string, int> Lines { get; } = new(StringComparer.Ordinal);

    /// <summary>Every problem found, in document order.</summary>
    public List<Finding> Findings { get; } = [];

    /// <summary>Whether any finding is an error.</summary>
    public bool HasErrors => Findings.Exists(f => f.Severity == DiagnosticSeverity.Error);

    /// <summary>Parses an RFC 3339 time as Kubernetes writes it.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    /// <summary>Walks <paramref name="node"/>, which sits at <paramref name="path"/> ("" for the object itself).</summary>
    public void Walk(YamlValue node, Shape shape, string path)
    {
        if (!TagAccepted(node, path) || node is YamlScalarValue { IsNull: true })
        {
            return;
        }

        switch (shape.Kind)
        {
            case ShapeKind.Any:
                WalkAny(node, path);
                break;
            case ShapeKind.Object:
                if (Expect<YamlMappingValue>(node, path, "a mapping of fields") is { } obj)
                {
                    WalkObject(obj, shape, path);
                }

                break;
            case ShapeKind.Map:
                if (Expect<YamlMappingValue>(node, path, "a mapping of keys to values") is { } map)
                {
                    WalkMap(map, shape.Element!, path);
                }

                break;
            case ShapeKind.List:
                if (Expect<YamlSequenceValue>(node, path, "a list") is { } list)
                {
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                        Lines.TryAdd(itemPath, list.Items[i].Line);
                        Walk(list.Items[i], shape.Element!, itemPath);
                    }
                }

                break;
            default:
                if (Expect<YamlScalarValue>(node, path, ScalarWord(shape)) is { } scalar)
                {
                    CheckScalar(scalar, shape, path);
                }

                break;
        }
    }

    private void WalkObject(YamlMappingValue mapping, Shape shape, string path)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (Key(keyNode, path, seen) is not { } key)
            {
                continue;
            }

            var field = Join(path, Printable.Of(key));
            if (shape.Properties.TryGetValue(key, out var fieldShape))
            {
                Walk(value, fieldShape, field);
                continue;
            }

            var suggestion = Suggest(key, shape.Properties.Keys);
            var hint = suggestion is null ? string.Empty : $" (did you mean \"{suggestion}\"?)";
            var consequence = unknownFieldSeverity == DiagnosticSeverity.Error
                ? "; Kubernetes refuses unknown fields, so the object is not used"
                : "; it is ignored (Kubernetes would refuse it)";
            Add(unknownFieldSeverity, field, $"unknown field {Printable.Quote(key)}{hint}{consequence}", keyNode.Line);
            WalkAny(value, field);
        }
    }

    private void WalkMap(YamlMappingValue mapping, Shape element, string path)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (Key(keyNode, path, seen, bracket: true) is not { } key)
            {
                continue;
            }

            var shown = Printable.Of(key);
            Lines.TryAdd(Join(path, shown), keyNode.Line);
            Walk(value, element, path + "[" + shown + "]");
        }
    }

    private void WalkAny(YamlValue node, string path)
    {
        if (!TagAccepted(node, path))
        {
            return;
        }

        switch (node)
        {
            case YamlMappingValue mapping:
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var (keyNode, value) in mapping.Entries)
                {
                    if (Key(keyNode, path, seen) is { } key)
                    {
                        WalkAny(value, Join(path, Printable.Of(key)));
                    }
                }

                break;
            case YamlSequenceValue sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                    Lines.TryAdd(itemPath, sequence.Items[i].Line);
                    WalkAny(sequence.Items[i], itemPath);
                }

                break;
        }
    }

    /// <summary>
    /// Only the tags that restate a node's own kind are accepted (<c>!!str</c>, <c>!!null</c>,
    /// <c>!!map</c>, <c>!!seq</c>): any other tag changes how a value is read (<c>!!int "80"</c>) or
    /// names a type no manifest has, and is refused rather than guessed at.
    /// </summary>
    private bool TagAccepted(YamlValue node, string path)
    {
        if (node.Tag.IsEmpty)
        {
            return true;
        }

        var tag = node.Tag.Value;
        var accepted = node switch
        {
            YamlScalarValue => tag is "tag:yaml.org,2002:str" or "tag:yaml.org,2002:null",
            YamlMappingValue => tag == "tag:yaml.org,2002:map",
            _ => tag == "tag:yaml.org,2002:seq",
        };
        if (!accepted)
        {
            var shown = tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;
            Add(DiagnosticSeverity.Error, path, $"the YAML tag {Printable.Of(shown)} is not accepted in manifests; remove it", node.Line);
        }

        return accepted;
    }

    /// <summary>Reads a mapping key, records its line, and reports non-scalar and duplicate keys.</summary>
    private string? Key(YamlValue keyNode, string path, Dictionary<string, int> seen, bool bracket = false)
    {
        if (keyNode is not YamlScalarValue { IsNull: false } scalar)
        {
            Add(DiagnosticSeverity.Error, path.Length == 0 ? "-" : path, $"a mapping key must be a plain string, not {keyNode.Describe()}", keyNode.Line);
            return null;
        }

        var key = scalar.Value;
        var field = bracket ? path + "[" + Printable.Of(key) + "]" : Join(path, Printable.Of(key));
        if (key == "<<" && scalar.IsPlain)
        {
            Add(DiagnosticSeverity.Error, field, "YAML merge keys (<<) are not accepted in manifests; write the fields out", scalar.Line);
            return null;
        }

        if (seen.TryGetValue(key, out var firstLine))
        {
            Add(
                DiagnosticSeverity.Error,
                field,
                $"duplicate key {Printable.Quote(key)} (first on line {firstLine}); Kubernetes refuses duplicate keys, so remove one",
                scalar.Line);
            return null;
        }

        seen[key] = scalar.Line;
        Lines.TryAdd(field, scalar.Line);
        return key;
    }

    private T? Expect<T>(YamlValue node, string path, string expected)
        where T : YamlValue
    {
        if (node is T typed)
        {
            return typed;
        }

        Add(DiagnosticSeverity.Error, path, $"must be {expected}, not {node.Describe()}", node.Line);
        return null;
    }

    private void CheckScalar(YamlScalarValue scalar, Shape shape, string path)
    {
        var text = scalar.Value;
        switch (shape.Kind)
        {
            case ShapeKind.String:
                if (scalar.IsPlain && ImplicitType(text) is { } implicitType)
                {
                    Add(
                        DiagnosticSeverity.Warning,
                        path,
                        $"{Printable.Of(text)} is read as a {implicitType}, not a string; it is used as the string {Printable.Quote(text)}, but Kubernetes refuses it: write it in quotes",
                        scalar.Line);
                }

                break;
            case ShapeKind.Integer:
                if (scalar.IsString)
                {
                    Add(DiagnosticSeverity.Error, path, $"must be a number, not the string {Printable.Quote(text)}; write it without quotes", scalar.Line);
                }
                else if (!DecimalInteger().IsMatch(text) ||
                         !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    Add(DiagnosticSeverity.Error, path, $"must be a whole number, not {Printable.Quote(text)}", scalar.Line);
                }
                else if (number < shape.Min || number > shape.Max)
                {
                    Add(DiagnosticSeverity.Error, path, $"{Printable.Of(text)} is out of range (at most {shape.Max.ToString(CultureInfo.InvariantCulture)})", scalar.Line);
                }

                break;
            case ShapeKind.Number:
                if (scalar.IsString || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    Add(DiagnosticSeverity.Error, path, $"must be a number, not {Printable.Quote(text)}", scalar.Line);
                }

                break;
            case ShapeKind.Boolean:
                if (scalar.IsString || text is not ("true" or "false" or "True" or "False" or "TRUE" or "FALSE"))
                {
                    Add(DiagnosticSeverity.Error, path, $"must be true or false (without quotes), not {Printable.Quote(text)}", scalar.Line);
                }

                break;
            case ShapeKind.Time:
                if (!TryParseTime(text, out _))
                {
                    Add(DiagnosticSeverity.Error, path, $"must be an RFC 3339 time such as 2024-01-02T03:04:05Z, not {Printable.Quote(text)}", scalar.Line);
                }

                break;
            case ShapeKind.Bytes:
                if (!IsBase64(text))
                {
                    Add(DiagnosticSeverity.Error, path, "must be base64-encoded (put plain text under stringData instead)", scalar.Line);
                }

                break;
        }
    }

    private static bool IsBase64(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }

        var buffer = text.Length <= 4096 ? stackalloc byte[text.Length] : new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    /// <summary>
    /// The type Kubernetes' YAML reader (YAML 1.1) gives a plain scalar that is not a string:
    /// booleans such as <c>true</c> or <c>yes</c>, numbers such as <c>80</c> or <c>1.5</c>.
    /// </summary>
    private static string? ImplicitType(string text) => text switch
    {
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" or
        "yes" or "Yes" or "YES" or "no" or "No" or "NO" or
        "on" or "On" or "ON" or "off" or "Off" or "OFF" or "y" or "Y" or "n" or "N" => "boolean",
        _ when ImplicitNumber().IsMatch(text) => "number",
        _ => null,
    };

    private static string ScalarWord(Shape shape) => shape.Kind switch
    {
        ShapeKind.String => "a string",
        ShapeKind.Integer or ShapeKind.Number => "a number",
        ShapeKind.Boolean => "true or false",
        ShapeKind.Time => "a time",
        ShapeKind.Bytes => "a base64 string",
        ShapeKind.IntOrString => "a number or a string",
        _ => "a single value",
    };

    private static string? Suggest(string key, IEnumerable<string> names)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in names)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }

            if (key.Length < 4 || Math.Abs(name.Length - key.Length) > 2)
            {
                continue;
            }

            var distance = Distance(key, name);
            if (distance <= 2 && distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private void Add(DiagnosticSeverity severity, string field, string message, int line) =>
        Findings.Add(new Finding(severity, field.Length == 0 ? "-" : field, message, line));

    [GeneratedRegex("^[-+]?(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)?\.?[0-9]+([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex ImplicitNumber();
}
