namespace IngressCore.Annotations;

/// <summary>
/// <c>enable-cors</c> and <c>cors-*</c> (docs/annotations.md), with ingress-nginx's
/// defaults for whatever is not set. Present when any of the seven annotations is set; it acts only
/// when <see cref="Enabled"/>.
/// </summary>
/// <remarks>
/// Grammars: <c>cors-allow-origin</c> a comma list of <see cref="CorsOrigin"/> entries, <c>*</c> or
/// <c>null</c>; <c>cors-allow-methods</c> a comma list of letters-only methods;
/// <c>cors-allow-headers</c> a comma list of <c>[A-Za-z0-9_-]+</c> names; <c>cors-expose-headers</c>
/// the same or <c>*</c>; <c>cors-allow-credentials</c> a Go boolean; <c>cors-max-age</c> whole seconds.
/// Spaces around entries are ignored, empty entries skipped. ingress-nginx silently falls back to its
/// defaults on invalid values (for origins, to <c>*</c>) and skips invalid origin entries; here any
/// invalid value or entry is an error.
/// </remarks>
internal sealed class CorsPolicy
{
    internal const string EnableName = "enable-cors";
    internal const string OriginName = "cors-allow-origin";
    internal const string MethodsName = "cors-allow-methods";
    internal const string HeadersName = "cors-allow-headers";
    internal const string ExposeName = "cors-expose-headers";
    internal const string CredentialsName = "cors-allow-credentials";
    internal const string MaxAgeName = "cors-max-age";

    /// <summary>ingress-nginx's default <c>Access-Control-Max-Age</c>, in seconds (20 days).</summary>
    public const int DefaultMaxAgeSeconds = 1728000;

    private static readonly string[] CorsNames = [EnableName, OriginName, MethodsName, HeadersName, ExposeName, CredentialsName, MaxAgeName];

    private CorsPolicy()
    {
    }

    /// <summary>ingress-nginx's default <c>Access-Control-Allow-Methods</c>.</summary>
    public static IReadOnlyList<string> DefaultAllowedMethods { get; } =
        Array.AsReadOnly(["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]);

    /// <summary>ingress-nginx's default <c>Access-Control-Allow-Headers</c>.</summary>
    public static IReadOnlyList<string> DefaultAllowedHeaders { get; } = Array.AsReadOnly(
        ["DNT", "Keep-Alive", "User-Agent", "X-Requested-With", "If-Modified-Since", "Cache-Control", "Content-Type", "Range", "Authorization"]);

    /// <summary><c>enable-cors</c> (default <see langword="false"/>): whether CORS headers and preflight answers are produced at all.</summary>
    public bool Enabled { get; private init; }

    /// <summary>Whether every origin is allowed: <c>cors-allow-origin</c> is absent or lists <c>*</c> (the default).</summary>
    public bool AllowsAnyOrigin { get; private init; } = true;

    /// <summary>The allowed origins; empty when <see cref="AllowsAnyOrigin"/>.</summary>
    public IReadOnlyList<CorsOrigin> AllowedOrigins { get; private init; } = [];

    /// <summary><c>cors-allow-methods</c>, as written (default <see cref="DefaultAllowedMethods"/>).</summary>
    public IReadOnlyList<string> AllowedMethods { get; private init; } = DefaultAllowedMethods;

    /// <summary><c>cors-allow-headers</c> (default <see cref="DefaultAllowedHeaders"/>).</summary>
    public IReadOnlyList<string> AllowedHeaders { get; private init; } = DefaultAllowedHeaders;

    /// <summary><c>cors-expose-headers</c> (default none: no <c>Access-Control-Expose-Headers</c>).</summary>
    public IReadOnlyList<string> ExposedHeaders { get; private init; } = [];

    /// <summary><c>cors-allow-credentials</c> (default <see langword="true"/>, as in ingress-nginx).</summary>
    public bool AllowCredentials { get; private init; } = true;

    /// <summary><c>cors-max-age</c> in seconds (default <see cref="DefaultMaxAgeSeconds"/>).</summary>
    public int MaxAgeSeconds { get; private init; } = DefaultMaxAgeSeconds;

    internal static CorsPolicy? Parse(AnnotationReader reader)
    {
        if (!CorsNames.Any(reader.Has))
        {
            return null;
        }

        var enabled = reader.ReadBool(EnableName);
        var origins = ReadOrigins(reader);
        var methods = ReadList(reader, MethodsName, static c => char.IsAsciiLetter(c), allowStar: false, "letters only");
        var headers = ReadList(reader, HeadersName, IsHeaderChar, allowStar: false, "letters, digits, '-' and '_'");
        var expose = ReadList(reader, ExposeName, IsHeaderChar, allowStar: true, "letters, digits, '-' and '_', or '*'");
        var credentials = reader.ReadBool(CredentialsName);
        var maxAge = reader.ReadCount(MaxAgeName);

        if (enabled != true)
        {
            foreach (var name in CorsNames.Skip(1).Where(reader.Has))
            {
                reader.Warning(name, "ignored: enable-cors is not \"true\"");
            }
        }

        return new CorsPolicy
        {
            Enabled = enabled ?? false,
            AllowsAnyOrigin = origins is null,
            AllowedOrigins = origins ?? [],
            AllowedMethods = methods ?? DefaultAllowedMethods,
            AllowedHeaders = headers ?? DefaultAllowedHeaders,
            ExposedHeaders = expose ?? [],
            AllowCredentials = credentials ?? true,
            MaxAgeSeconds = maxAge ?? DefaultMaxAgeSeconds,
        };
    }

    /// <summary>The listed origins, or <see langword="null"/> for any origin (absent, empty or listing <c>*</c>).</summary>
    private static IReadOnlyList<CorsOrigin>? ReadOrigins(AnnotationReader reader)
    {
        var value = reader.Read(OriginName);
        if (value is null)
        {
            return null;
        }

        var origins = new List<CorsOrigin>();
        var any = false;
        foreach (var range in value.AsSpan().Split(','))
        {
            var entry = value.AsSpan(range).Trim(' ').ToString();
            if (entry.Length == 0)
            {
                continue;
            }

            if (entry == "*")
            {
                any = true;
                continue;
            }

            var problem = CorsOrigin.TryParse(entry, out var origin);
            if (problem is not null)
            {
                reader.Invalid(OriginName, value, $"has the entry {AnnotationText.Quote(entry)}, which {problem}");
                return null;
            }

            origins.Add(origin!);
        }

        if (any && origins.Count > 0)
        {
            reader.Warning(OriginName, "lists '*' among other origins, so every origin is allowed (as in ingress-nginx)");
        }
        else if (!any && origins.Count == 0)
        {
            reader.Warning(OriginName, "lists no origin, so every origin is allowed (as in ingress-nginx)");
        }

        return any || origins.Count == 0 ? null : origins.AsReadOnly();
    }

    /// <summary>A comma list of names made of <paramref name="isNameChar"/> characters (or <c>*</c> when <paramref name="allowStar"/>).</summary>
    private static IReadOnlyList<string>? ReadList(
        AnnotationReader reader, string name, Func<char, bool> isNameChar, bool allowStar, string what)
    {
        var value = reader.Read(name);
        if (value is null)
        {
            return null;
        }

        var items = new List<string>();
        foreach (var range in value.AsSpan().Split(','))
        {
            var entry = value.AsSpan(range).Trim(' ');
            if (entry.IsEmpty)
            {
                continue;
            }

            var valid = (allowStar && entry is "*") || AllMatch(entry, isNameChar);
            if (!valid)
            {
                reader.Invalid(name, value, $"has the entry {AnnotationText.Quote(entry.ToString())}; entries are {what}, separated by ','");
                return null;
            }

            items.Add(entry.ToString());
        }

        if (items.Count == 0)
        {
            reader.Warning(name, "lists nothing; the default is used");
            return null;
        }

        return items.AsReadOnly();
    }

    private static bool AllMatch(ReadOnlySpan<char> entry, Func<char, bool> predicate)
    {
        foreach (var c in entry)
        {
            if (!predicate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHeaderChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
