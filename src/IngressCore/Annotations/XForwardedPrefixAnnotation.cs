namespace IngressCore.Annotations;

/// <summary>
/// <c>x-forwarded-prefix</c>: the <c>X-Forwarded-Prefix</c> request header sent to the backend, only
/// when the location rewrites (docs/annotations.md).
/// </summary>
/// <remarks>
/// Grammar: ingress-nginx's <c>RegexPathWithCapture</c>, <c>/?[-._~a-zA-Z0-9/:]*</c> with
/// <c>$1</c>–<c>$9</c> capture references. ingress-nginx checks the value with its spaces removed but
/// sends it with them; here the value checked is the value sent. An invalid value refuses the
/// Ingress, as in ingress-nginx.
/// </remarks>
internal static class XForwardedPrefixAnnotation
{
    internal const string Name = "x-forwarded-prefix";

    public static RewriteTemplate? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name, allowed: "$");
        if (value is null)
        {
            return null;
        }

        var problem = RewriteTemplate.TryParse(value, NginxGrammar.IsBasic, out var template);
        if (problem is not null)
        {
            reader.Invalid(Name, value, problem);
            return null;
        }

        return template;
    }
}
