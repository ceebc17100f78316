using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Annotations;

/// <summary>
/// <c>default-backend</c>: a Service of the Ingress's namespace that answers when the route's
/// Service has no endpoints, and that serves <c>custom-http-errors</c> (docs/annotations.md).
/// </summary>
/// <remarks>
/// Grammar: a Service name, a DNS-1035 label (ingress-nginx's <c>ValidateServiceName</c>). There is
/// no namespace part: a cross-namespace reference is impossible by construction. An invalid name
/// refuses the Ingress, as in ingress-nginx.
/// </remarks>
internal static class DefaultBackendAnnotation
{
    internal const string Name = "default-backend";

    public static string? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name);
        if (value is null)
        {
            return null;
        }

        var problem = KubernetesName.ValidateServiceName(value, "the Service name");
        if (problem is not null)
        {
            reader.Error(Name, problem);
            return null;
        }

        return value;
    }
}
