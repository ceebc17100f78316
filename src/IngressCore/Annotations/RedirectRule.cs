using IngressCore.Matching;
namespace IngressCore.Annotations;

/// <summary>
/// <c>permanent-redirect</c> or <c>temporal-redirect</c> with its code: every request to the
/// location is answered with this status and <c>Location</c>, exactly as configured (the request's
/// path and query are not appended), before rewrite, HTTPS redirect and access checks
/// (docs/annotations.md).
/// </summary>
/// <remarks>
/// Grammar: ingress-nginx's <c>URLIsValidRegex</c> characters (<c>[-._~a-zA-Z0-9/:,?&amp;=]</c>), and
/// either an absolute <c>http</c>/<c>https</c> URL with a host, or (permanent only) a path starting with
/// a single <c>/</c>. <c>temporal-redirect</c> wins when both are set. Codes: permanent 300–308
/// (default 301), temporal 300–307 (default 302); ingress-nginx silently uses the default for a code
/// out of range, here it is an error.
/// </remarks>
internal sealed class RedirectRule
{
    internal const string PermanentName = "permanent-redirect";
    internal const string PermanentCodeName = "permanent-redirect-code";
    internal const string TemporalName = "temporal-redirect";
    internal const string TemporalCodeName = "temporal-redirect-code";

    private RedirectRule(string location, int statusCode, bool isPermanent)
    {
        Location = location;
        StatusCode = statusCode;
        IsPermanent = isPermanent;
    }

    /// <summary>The <c>Location</c> value as configured: an absolute http(s) URL, or a path (permanent redirects only).</summary>
    public string Location { get; }

    /// <summary>Whether <see cref="Location"/> is a path rather than an absolute URL (nginx makes it absolute with the request's scheme and host unless <c>relative-redirects</c> is set).</summary>
    public bool IsRelative => Location[0] == '/';

    /// <summary>The response status.</summary>
    public int StatusCode { get; }

    /// <summary>Whether this came from <c>permanent-redirect</c> (otherwise <c>temporal-redirect</c>).</summary>
    public bool IsPermanent { get; }

    /// <inheritdoc />
    public override string ToString() => $"{StatusCode} {Location}";

    internal static RedirectRule? Parse(AnnotationReader reader)
    {
        var temporal = ReadLocation(reader, TemporalName, allowRelative: false);
        var temporalCode = reader.ReadCount(TemporalCodeName, 300, 307);
        var permanent = ReadLocation(reader, PermanentName, allowRelative: true);
        var permanentCode = reader.ReadCount(PermanentCodeName, 300, 308);

        if (temporal is not null)
        {
            if (reader.Has(PermanentName))
            {
                reader.Warning(PermanentName, "ignored: temporal-redirect is also set and takes precedence, as in ingress-nginx");
            }

            return new RedirectRule(temporal, temporalCode ?? 302, isPermanent: false);
        }

        if (temporalCode is not null && !reader.Has(TemporalName))
        {
            reader.Warning(TemporalCodeName, "ignored: temporal-redirect is not set");
        }

        if (permanent is not null)
        {
            return new RedirectRule(permanent, permanentCode ?? 301, isPermanent: true);
        }

        if (permanentCode is not null && !reader.Has(PermanentName))
        {
            reader.Warning(PermanentCodeName, "ignored: permanent-redirect is not set");
        }

        return null;
    }

    private static string? ReadLocation(AnnotationReader reader, string name, bool allowRelative)
    {
        var value = reader.Read(name);
        if (value is null)
        {
            return null;
        }

        var problem = LocationProblem(value, allowRelative);
        if (problem is not null)
        {
            reader.Invalid(name, value, problem);
            return null;
        }

        return value;
    }

    private static string? LocationProblem(string value, bool allowRelative)
    {
        if (value.AsSpan().ContainsAnyExcept(BasicChars.Url))
        {
            return "may only contain letters, digits and - . _ ~ / : , ? & = (ingress-nginx's URL characters)";
        }

        if (value[0] == '/')
        {
            return !allowRelative ? "must be an absolute http:// or https:// URL (ingress-nginx ignores a relative temporal redirect)"
                : value.StartsWith("//", StringComparison.Ordinal) ? "starts with '//', which browsers read as another host; write the scheme"
                : null;
        }

        var scheme = value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : 0;
        if (scheme == 0)
        {
            return allowRelative
                ? "must be an absolute http:// or https:// URL or a path starting with '/'"
                : "must be an absolute http:// or https:// URL";
        }

        var rest = value.AsSpan(scheme);
        var end = rest.IndexOfAny('/', '?');
        var authority = end < 0 ? rest : rest[..end];
        return RewriteTarget.AuthorityProblem(authority);
    }
}
