using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Decides whether the engine serves an Ingress (docs/matching.md, IngressClass). The legacy
/// <c>kubernetes.io/ingress.class</c> annotation is read first, as ingress-nginx does, then
/// <c>spec.ingressClassName</c>.
/// </summary>
internal static class IngressClassFilter
{
    public const string LegacyAnnotation = "kubernetes.io/ingress.class";

    /// <summary>The class an Ingress names (the legacy annotation first), or <see langword="null"/> when it names none.</summary>
    public static string? ClassOf(IngressDefinition ingress) =>
        ingress.Annotations.TryGetValue(LegacyAnnotation, out var legacy) && !string.IsNullOrEmpty(legacy)
            ? legacy
            : string.IsNullOrEmpty(ingress.IngressClassName) ? null : ingress.IngressClassName;

    /// <summary>
    /// A warning when Ingresses name classes but none names the one served: the usual sign of a
    /// migration that kept <c>nginx</c> while the engine serves its default class. It names the
    /// classes seen, so the fix is one option away.
    /// </summary>
    public static IngressDiagnostic? WarnIfNoneMatches(IReadOnlyList<IngressDefinition> ingresses, RouteTableOptions options)
    {
        var named = ingresses.Select(ClassOf).OfType<string>().ToList();
        if (named.Count == 0 || named.Contains(options.IngressClass))
        {
            return null;
        }

        var seen = string.Join(", ", named
            .GroupBy(c => c, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(5)
            .Select(g => $"'{Printable.Of(g.Key, 64)}' ({g.Count()})"));
        return new IngressDiagnostic
        {
            Severity = DiagnosticSeverity.Warning,
            Kind = "IngressClass",
            Message = $"no Ingress names the class served, '{options.IngressClass}'; {named.Count} Ingress(es) name other classes: {seen}. " +
                "Serve one of them with --ingress-class NAME (IngressRoutingOptions.IngressClass)",
        };
    }

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
