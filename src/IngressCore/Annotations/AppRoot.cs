namespace IngressCore.Annotations;

/// <summary>
/// <c>app-root</c>: a request for exactly <c>/</c> on the host is answered with a 302 to this path
/// (<c>Location: scheme://Host&lt;path&gt;</c>), before location selection and before the HTTPS
/// redirect (docs/annotations.md). The query string is dropped unless the value ends
/// with <c>$is_args$args</c>.
/// </summary>
/// <remarks>
/// Grammar: <c>/</c> then <c>[-._~a-zA-Z0-9/:]*</c>, not <c>//</c>, optionally followed by
/// <c>$is_args$args</c> (the one nginx variable use seen in practice, traefik/ingress-nginx-migration
/// e2e/approot_suite_test.go); no other variables; not <c>/</c> itself (a redirect loop). ingress-nginx ignores an invalid value; here
/// it refuses the Ingress.
/// </remarks>
internal sealed class AppRoot
{
    internal const string Name = "app-root";
    private const string QuerySuffix = "$is_args$args";

    private AppRoot(string path, bool appendQueryString)
    {
        Path = path;
        AppendQueryString = appendQueryString;
    }

    /// <summary>The path redirected to.</summary>
    public string Path { get; }

    /// <summary>Whether the request's query string (with its <c>?</c>) is appended: the value ended with <c>$is_args$args</c>.</summary>
    public bool AppendQueryString { get; }

    /// <inheritdoc />
    public override string ToString() => AppendQueryString ? Path + QuerySuffix : Path;

    internal static AppRoot? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name, allowed: "$");
        if (value is null)
        {
            return null;
        }

        var appendQuery = value.EndsWith(QuerySuffix, StringComparison.Ordinal);
        var path = appendQuery ? value[..^QuerySuffix.Length] : value;
        var problem =
            path.Contains('$', StringComparison.Ordinal)
                ? "uses an nginx variable; only a trailing $is_args$args (append the query string) is supported"
            : path.Length == 0 || path[0] != '/' || path.StartsWith("//", StringComparison.Ordinal)
                ? "must be a path starting with a single '/' (ingress-nginx ignores absolute URLs here)"
            : path.AsSpan().ContainsAnyExcept(BasicChars.Set)
                ? "may only contain letters, digits and - . _ ~ / :"
            : path == "/"
                ? "would redirect '/' to itself, forever"
                : null;
        if (problem is not null)
        {
            reader.Invalid(Name, value, problem);
            return null;
        }

        return new AppRoot(path, appendQuery);
    }
}
