using IngressCore.Annotations;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>What the builder concluded about one Ingress on its own: its diagnostics, and its parsed annotations when it is served.</summary>
/// <param name="Diagnostics">The class filter's, the validator's and the annotation parser's findings.</param>
/// <param name="Policies">The parsed annotations; <see langword="null"/> when the Ingress is not served (another class, or refused).</param>
/// <param name="Routes">Its route specifications, when it is served.</param>
internal sealed record IngressVerdict(IReadOnlyList<IngressDiagnostic> Diagnostics, IngressAnnotations? Policies, IngressRouteSpecs? Routes);

/// <summary>
/// The verdicts of the last build, by Ingress instance, so that a rebuild judges again only the
/// Ingresses that changed: sources hand out an unchanged object as the same instance, and a
/// verdict depends on nothing but the object and the (fixed) options. What a set of Ingresses
/// decides together (duplicates, conflicts, canaries) is decided again on every build.
/// </summary>
internal sealed class IngressVerdicts
{
    private Dictionary<IngressDefinition, IngressVerdict> _previous = new(ReferenceEqualityComparer.Instance);
    private Dictionary<IngressDefinition, IngressVerdict> _current = new(ReferenceEqualityComparer.Instance);

    /// <summary>The verdict of the last build for this very instance, or a new one.</summary>
    public IngressVerdict Get(IngressDefinition ingress, Func<IngressDefinition, IngressVerdict> judge)
    {
        if (!_previous.TryGetValue(ingress, out var verdict) && !_current.TryGetValue(ingress, out verdict))
        {
            verdict = judge(ingress);
        }

        _current[ingress] = verdict;
        return verdict;
    }

    /// <summary>Ends a build: the verdicts it used are kept for the next one, those of Ingresses gone are dropped.</summary>
    public void EndBuild()
    {
        _previous = _current;
        _current = new(_previous.Count, ReferenceEqualityComparer.Instance);
    }
}
