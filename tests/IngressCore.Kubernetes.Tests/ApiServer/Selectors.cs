using System.Text.Json.Nodes;

namespace IngressCore.Kubernetes.Tests.ApiServer;

/// <summary>
/// Label and field selectors as the API reads them
/// (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors,
/// https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/): requirements
/// separated by commas, all of which must hold.
/// </summary>
internal static class Selectors
{
    /// <summary>A label selector as a predicate: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>.</summary>
    public static Func<JsonObject, bool> Labels(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return _ => true;
        }

        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var part in SplitOutsideParentheses(selector))
        {
            var text = part.Trim();
            if (text.Contains(" notin ", StringComparison.Ordinal) || text.Contains(" in ", StringComparison.Ordinal))
            {
                var negate = text.Contains(" notin ", StringComparison.Ordinal);
                var at = text.IndexOf(negate ? " notin " : " in ", StringComparison.Ordinal);
                var key = text[..at].Trim();
                var values = text[(at + (negate ? 7 : 4))..].Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.TrimEntries).ToHashSet();
                requirements.Add(l => negate ? !(l.TryGetValue(key, out var v) && values.Contains(v)) : l.TryGetValue(key, out var w) && values.Contains(w));
            }
            else if (text.Contains("!=", StringComparison.Ordinal))
            {
                var (key, value) = Split(text, "!=");
                requirements.Add(l => !l.TryGetValue(key, out var v) || v != value);
            }
            else if (text.Contains('=', StringComparison.Ordinal))
            {
                var (key, value) = Split(text, text.Contains("==", StringComparison.Ordinal) ? "==" : "=");
                requirements.Add(l => l.TryGetValue(key, out var v) && v == value);
            }
            else if (text.StartsWith('!'))
            {
                var key = text[1..].Trim();
                requirements.Add(l => !l.ContainsKey(key));
            }
            else
            {
                requirements.Add(l => l.ContainsKey(text));
            }
        }

        return o =>
        {
            var labels = LabelsOf(o);
            return requirements.All(r => r(labels));
        };
    }

    /// <summary>
    /// A field selector as a predicate, or the error the API answers (400) for a field it does not
    /// support: <c>metadata.name</c> and <c>metadata.namespace</c> for every kind, <c>type</c> for Secrets.
    /// </summary>
    public static (Func<JsonObject, bool>? Matches, string? Error) Fields(string? selector, StandInKind kind)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return (_ => true, null);
        }

        var requirements = new List<Func<JsonObject, bool>>();
        foreach (var part in selector.Split(','))
        {
            var negate = part.Contains("!=", StringComparison.Ordinal);
            var (field, value) = Split(part, negate ? "!=" : part.Contains("==", StringComparison.Ordinal) ? "==" : "=");
            Func<JsonObject, string?> read = field switch
            {
                "metadata.name" => o => o["metadata"]?["name"]?.GetValue<string>(),
                "metadata.namespace" => o => o["metadata"]?["namespace"]?.GetValue<string>(),
                "type" when kind.Kind == "Secret" => o => o["type"]?.GetValue<string>() ?? "Opaque",
                _ => null!,
            };
            if (read is null)
            {
                return (null, $"field label not supported: {field}");
            }

            requirements.Add(o => (read(o) == value) != negate);
        }

        return (o => requirements.All(r => r(o)), null);
    }

    private static Dictionary<string, string> LabelsOf(JsonObject o) =>
        o["metadata"]?["labels"] is JsonObject labels
            ? labels.ToDictionary(l => l.Key, l => l.Value?.GetValue<string>() ?? "")
            : [];

    private static (string Key, string Value) Split(string text, string separator)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return (text[..at].Trim(), text[(at + separator.Length)..].Trim());
    }

    private static IEnumerable<string> SplitOutsideParentheses(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }
}
