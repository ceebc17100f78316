using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Validates Ingress paths. Exact and Prefix paths follow ingress-nginx's strict path validation
/// (<c>^/[A-Za-z0-9._\-/]*$</c>, plus <c>~</c>, the last unreserved character) and the API
/// server's rules (no <c>//</c>, no dot segments), so what is declared is exactly what a
/// normalised request can match. ImplementationSpecific paths may also carry the characters a
/// regular expression needs; quotes, <c>;</c>, <c>%</c>, white space and control characters are
/// refused everywhere (docs/annotations.md, "What an invalid value does").
/// </summary>
internal static class PathText
{
    /// <summary>The longest path accepted (docs/annotations.md, "What an invalid value does").</summary>
    public const int MaxLength = 2048;

    private const string RegexCharacters = @"^$*+?()[]{}|\,:=!<@&";

    /// <summary>The path a rule's path entry serves: an empty one is <c>/</c>.</summary>
    public static string TextOf(IngressPath path) => string.IsNullOrEmpty(path.Path) ? "/" : path.Path;

    /// <summary>The path type a rule's path entry is matched by: none given is Prefix.</summary>
    public static PathType TypeOf(IngressPath path) => path.PathType ?? PathType.Prefix;

    /// <summary>Returns why <paramref name="path"/> is not valid for <paramref name="type"/>, or <see langword="null"/>.</summary>
    public static string? Validate(string path, PathType type)
    {
        if (path.Length > MaxLength)
        {
            return $"path is {path.Length} characters long; at most {MaxLength} are allowed";
        }

        if (path[0] != '/')
        {
            return $"path '{Printable.Of(path)}' must start with '/'";
        }

        foreach (var c in path)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '~')
            {
                continue;
            }

            if (type == PathType.ImplementationSpecific && RegexCharacters.Contains(c, StringComparison.Ordinal))
            {
                continue;
            }

            return type == PathType.ImplementationSpecific
                ? $"path contains '{Printable.Of(c)}', which is not allowed"
                : $"path contains '{Printable.Of(c)}'; {type} paths may only contain a-z, A-Z, 0-9, '/', '.', '_', '-' and '~' (use ImplementationSpecific for regular expressions)";
        }

        if (path.Contains("//", StringComparison.Ordinal))
        {
            return "path must not contain '//'";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "." or "..")
            {
                return $"path must not contain a '{segment}' segment";
            }
        }

        return null;
    }

    /// <summary>Whether the path holds characters that only mean something to a regular expression.</summary>
    public static bool LooksLikeRegex(string path) => path.AsSpan().IndexOfAny(RegexCharacters) >= 0;
}
