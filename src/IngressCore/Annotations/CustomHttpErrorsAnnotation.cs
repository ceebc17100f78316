namespace IngressCore.Annotations;

/// <summary>
/// <c>custom-http-errors</c>: the backend response codes that are replaced by a request to the
/// error backend (docs/annotations.md).
/// </summary>
/// <remarks>
/// Grammar: a comma-separated list of three-digit codes 400–599, spaces around entries ignored,
/// empty entries skipped (ingress-nginx's <c>^(?:[4,5]\d{2},?)*$</c> with spaces removed; its class
/// <c>[4,5]</c> also lets <c>,</c> start a "code", which is not copied). Duplicates are dropped. An
/// invalid list refuses the Ingress, as in ingress-nginx.
/// </remarks>
internal static class CustomHttpErrorsAnnotation
{
    internal const string Name = "custom-http-errors";

    public static IReadOnlyList<int>? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name);
        if (value is null)
        {
            return null;
        }

        var codes = new List<int>();
        foreach (var range in value.AsSpan().Split(','))
        {
            var entry = value.AsSpan(range).Trim(' ');
            if (entry.IsEmpty)
            {
                continue;
            }

            if (entry.Length != 3 || entry[0] is not ('4' or '5') || !char.IsAsciiDigit(entry[1]) || !char.IsAsciiDigit(entry[2]))
            {
                reader.Invalid(Name, value, $"has the entry {AnnotationText.Quote(entry.ToString())}; each entry must be an HTTP status code from 400 to 599");
                return null;
            }

            var code = ((entry[0] - '0') * 100) + ((entry[1] - '0') * 10) + (entry[2] - '0');
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        if (codes.Count == 0)
        {
            reader.Warning(Name, "lists no status code; the annotation is ignored");
            return null;
        }

        return codes.AsReadOnly();
    }
}
