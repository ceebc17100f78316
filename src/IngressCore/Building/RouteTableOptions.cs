using IngressCore.Annotations;

namespace IngressCore.Building;

/// <summary>Which Ingresses a route table serves.</summary>
public sealed record RouteTableOptions
{
    /// <summary>The class name IngressCore serves when none is configured.</summary>
    public const string DefaultIngressClass = "ingresscore";

    /// <summary>
    /// The IngressClass this engine serves: an Ingress whose <c>spec.ingressClassName</c> (or legacy
    /// <c>kubernetes.io/ingress.class</c> annotation) names another class is skipped.
    /// </summary>
    public string IngressClass { get; init; } = DefaultIngressClass;

    /// <summary>Skip Ingresses that name no class at all (served by default).</summary>
    public bool IgnoreClassless { get; init; }

    /// <summary>The annotation prefix and policies (ingress-nginx's <c>nginx.ingress.kubernetes.io/</c> by default).</summary>
    public IngressAnnotationOptions Annotations { get; init; } = IngressAnnotationOptions.Default;
}
