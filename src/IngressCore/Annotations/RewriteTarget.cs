namespace IngressCore.Annotations;

/// <summary>
/// <c>rewrite-target</c>: the URI that replaces the whole request path when the route's path regex
/// matches (docs/annotations.md), with the regex's captures <c>$1</c>–<c>$9</c>; the
/// query string is kept. A target starting with <c>http://</c> or <c>https://</c> is a 302 redirect
/// in nginx, not a rewrite.
/// </summary>
/// <remarks>
/// Grammar: ingress-nginx's <c>RegexPathWithCapture</c> (<c>^/?[-._~a-zA-Z0-9/:$]*$</c>), narrowed:
/// it starts with <c>/</c>, a capture, or <c>http://</c>/<c>https://</c> and a host; <c>$</c> only as
/// <c>$1</c>–<c>$9</c>; no capture in a redirect's host (the request would choose where it is sent).
/// ingress-nginx silently drops an invalid target; here it refuses the Ingress.
/// </remarks>
internal sealed class RewriteTarget
{
    internal const string Name = "rewrite-target";

    private RewriteTarget(RewriteTemplate template, bool isRedirect)
    {
        Template = template;
        IsRedirect = isRedirect;
    }

    /// <summary>The target as written.</summary>
    public string Value => Template.Text;

    /// <summary>The target as literal text and capture references.</summary>
    public RewriteTemplate Template { get; }

    /// <summary>
    /// Whether the target is an absolute <c>http://</c> or <c>https://</c> URL, which nginx answers
    /// with a 302 redirect to the expanded target (query string appended) instead of rewriting.
    /// </summary>
    public bool IsRedirect { get; }

    /// <inheritdoc />
    public override string ToString() => Value;

    internal static RewriteTarget? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name, allowed: "$");
        if (value is null)
        {
            return null;
        }

        RewriteTemplate? template = null;
        var problem = Check(value, out var isRedirect)
            ?? RewriteTemplate.TryParse(value, NginxGrammar.IsBasic, out template);
        if (problem is not null)
        {
            reader.Invalid(Name, value, problem);
            return null;
        }

        return new RewriteTarget(template!, isRedirect);
    }

    private static string? Check(string value, out bool isRedirect)
    {
        // nginx's rewrite module compares these prefixes case-sensitively.
        var scheme = value.StartsWith("http://", StringComparison.Ordinal) ? 7
            : value.StartsWith("https://", StringComparison.Ordinal) ? 8
            : 0;
        isRedirect = scheme > 0;
        if (isRedirect)
        {
            var rest = value.AsSpan(scheme);
            var slash = rest.IndexOf('/');
            var authority = slash < 0 ? rest : rest[..slash];
            if (authority.Contains('$'))
            {
                return "puts a capture in the redirect's host, so the request would choose where it is redirected; only the path may use captures";
            }

            return AuthorityProblem(authority);
        }

        if (value.StartsWith("$scheme", StringComparison.Ordinal))
        {
            return "starts with the nginx variable $scheme; write http:// or https:// (IngressCore expands no nginx variables)";
        }

        return value[0] == '/' || (value.Length > 1 && value[0] == '$' && value[1] is >= '1' and <= '9')
            ? null
            : "must start with '/' (a path), a capture such as $1, or http:// or https:// (a redirect)";
    }

    /// <summary>Why an absolute URL's authority is not <c>host[:port]</c>, or <see langword="null"/>.</summary>
    internal static string? AuthorityProblem(ReadOnlySpan<char> authority)
    {
        var colon = authority.IndexOf(':');
        var host = colon < 0 ? authority : authority[..colon];
        if (colon >= 0 && !NginxGrammar.IsPort(authority[(colon + 1)..]))
        {
            return "has an invalid port (1-65535 are allowed)";
        }

        return NginxGrammar.HostNameProblem(host);
    }
}
