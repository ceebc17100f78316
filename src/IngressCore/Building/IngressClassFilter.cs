using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Decides whether the engine serves an Ingress (DESIGN §4.1 rule 6). The legacy
/// <c>kubernetes.io/ingress.class</c> annotation is read first, as ingress-nginx does, then
/// <c>spec.ingressClassName</c>.
/// </summary>
internal static class IngressClassFilter
{
    public const string LegacyAnnotation = "kubernetes.io/ingress.class";

    /// <summary>Returns why the Ingress is not served, or <see langword="null"/> when it is.</summary>
    public static string? Reject(IngressDefinition ingress, RouteTableOptions options)
    {
        if (ingress.Annotations.TryGetValue(LegacyAnnotation, out var legacy) && !string.IsNullOrEmpty(legacy))
        {
            return legacy == options.IngressClass
                ? null
                : $"annotation {LegacyAnnotation} names class '{Printable.Of(legacy)}'; this engine serves '{options.IngressClass}'";
        }

        if (!string.IsNullOrEmpty(ingress.IngressClassName))
        {
            return ingress.IngressClassName == options.IngressClass
                ? null
                : $"spec.ingressClassName names class '{Printable.Of(ingress.IngressClassName)}'; this engine serves '{options.IngressClass}'";
        }

        return options.IgnoreClassless
            ? $"the Ingress names no class and classless Ingresses are ignored (serving class '{options.IngressClass}')"
            : null;
    }
}
