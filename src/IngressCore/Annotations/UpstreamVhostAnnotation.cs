namespace IngressCore.Annotations;

/// <summary>
/// <c>upstream-vhost</c>: the <c>Host</c> header sent to the backend instead of the client's
/// (docs/annotations.md).
/// </summary>
/// <remarks>
/// Grammar: a host name (labels of letters, digits, <c>-</c>, <c>_</c>) or IPv4 address, optionally
/// <c>:port</c>. ingress-nginx's validator admits regex characters and nginx expands <c>$variables</c>
/// in the value; neither is a host, so both are refused here.
/// </remarks>
internal static class UpstreamVhostAnnotation
{
    internal const string Name = "upstream-vhost";

    public static string? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name);
        if (value is null)
        {
            return null;
        }

        var problem = RewriteTarget.AuthorityProblem(value);
        if (problem is not null)
        {
            reader.Invalid(Name, value, problem + "; upstream-vhost is a host name with an optional :port");
            return null;
        }

        return value;
    }
}
