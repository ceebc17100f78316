namespace IngressCore.Matching;

/// <summary>
/// The normalised path of a request-target as a value, for the steps after matching that need it
/// (rewrite captures, app-root, explanations): the same <see cref="RequestPath"/> rules, so every
/// step sees the path the match saw.
/// </summary>
internal static class NormalizedPath
{
    /// <summary>The normalised path (no query), or <see langword="null"/> when the path is malformed (400).</summary>
    public static string? Of(ReadOnlySpan<char> target)
    {
        var path = target;
        if (!RequestPath.Prepare(ref path))
        {
            return path.ToString();
        }

        var buffer = new char[path.Length + 1];
        return RequestPath.Normalize(path, buffer, out var length) == RequestPath.Result.Invalid
            ? null
            : new string(buffer, 0, length);
    }

    /// <summary>Whether the normalised path is exactly <c>/</c>. Allocates nothing for ordinary paths.</summary>
    public static bool IsRoot(ReadOnlySpan<char> target)
    {
        var path = target;
        if (!RequestPath.Prepare(ref path))
        {
            return path is "/";
        }

        // "/%2e/", "//", "/a/.." and the like; short, so the stack holds them.
        if (path.Length > 256)
        {
            return Of(target) is "/";
        }

        Span<char> buffer = stackalloc char[path.Length + 1];
        return RequestPath.Normalize(path, buffer, out var length) != RequestPath.Result.Invalid && buffer[..length] is "/";
    }

    /// <summary>The query string of a request-target without its <c>?</c>, empty when there is none (a fragment is dropped).</summary>
    public static ReadOnlySpan<char> Query(ReadOnlySpan<char> target)
    {
        var question = target.IndexOf('?');
        if (question < 0)
        {
            return default;
        }

        var query = target[(question + 1)..];
        var hash = query.IndexOf('#');
        return hash < 0 ? query : query[..hash];
    }
}
