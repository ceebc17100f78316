using IngressCore.Diagnostics;

namespace IngressCore.Annotations;

/// <summary>
/// <c>custom-headers</c>: a ConfigMap (<c>namespace/name</c>, the Ingress's namespace) whose entries
/// are response headers added to every answer of the location
/// (internal/ingress/annotations/customheaders). The ConfigMap is read when a request is answered,
/// so editing it needs no route rebuild.
/// </summary>
/// <remarks>
/// Grammar: <c>namespace/name</c>, each part a Kubernetes name; a cross-namespace reference is an
/// error (ingress-nginx allows only the Ingress's namespace). The entries themselves are checked
/// when used, as in ingress-nginx: a missing ConfigMap, a name outside <c>[A-Za-z0-9_-]</c>, a value
/// with control characters, or a header the controller does not allow
/// (<c>global-allowed-response-headers</c>) deny the location (503).
/// </remarks>
internal static class CustomHeadersAnnotation
{
    internal const string Name = "custom-headers";

    public static (string Namespace, string Name)? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name);
        if (value is null)
        {
            return null;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var ns = slash < 0 ? reader.Ingress.Namespace : value[..slash];
        var name = slash < 0 ? value : value[(slash + 1)..];
        var problem = KubernetesName.ValidateLabel(ns, "the namespace") ?? KubernetesName.ValidateSubdomain(name, "the ConfigMap name");
        if (problem is not null)
        {
            reader.Error(Name, problem);
            return null;
        }

        if (!string.Equals(ns, reader.Ingress.Namespace, StringComparison.Ordinal))
        {
            reader.Invalid(Name, value, $"is in another namespace than the Ingress ({reader.Ingress.Namespace}); only the Ingress's own ConfigMaps are used, as in ingress-nginx");
            return null;
        }

        return (ns, name);
    }
}
