using IngressCore.Annotations;
using IngressCore.Diagnostics;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Validates Ingresses and compiles them into a <see cref="RouteTable"/>, never throwing for bad
/// input: an invalid Ingress is refused whole with error diagnostics and the rest is built.
/// The result depends only on the set of Ingresses, not on the order they were added in.
/// </summary>
public sealed class RouteTableBuilder
{
    private readonly List<IngressDefinition> _ingresses = [];
    private readonly RouteTableOptions _options;

    /// <summary>Creates a builder.</summary>
    /// <param name="options">Which class to serve; the defaults when <see langword="null"/>.</param>
    public RouteTableBuilder(RouteTableOptions? options = null)
    {
        _options = options ?? new RouteTableOptions();
    }

    /// <summary>Verdicts kept from the previous build of the same options, when the runtime rebuilds.</summary>
    internal IngressVerdicts? Verdicts { get; init; }

    /// <summary>The diagnostics of the last <see cref="Build"/>.</summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; private set; } = [];

    /// <summary>Adds an Ingress.</summary>
    /// <param name="ingress">The Ingress.</param>
    /// <returns>This builder.</returns>
    public RouteTableBuilder Add(IngressDefinition ingress)
    {
        ArgumentNullException.ThrowIfNull(ingress);
        _ingresses.Add(ingress);
        return this;
    }

    /// <summary>Adds Ingresses.</summary>
    /// <param name="ingresses">The Ingresses.</param>
    /// <returns>This builder.</returns>
    public RouteTableBuilder AddRange(IEnumerable<IngressDefinition> ingresses)
    {
        ArgumentNullException.ThrowIfNull(ingresses);
        foreach (var ingress in ingresses)
        {
            Add(ingress);
        }

        return this;
    }

    /// <summary>Validates and compiles everything added so far.</summary>
    /// <returns>The table (possibly empty); <see cref="Diagnostics"/> says what was refused and why.</returns>
    public RouteTable Build()
    {
        var diagnostics = new List<IngressDiagnostic>();
        if (IngressClassFilter.WarnIfNoneMatches(_ingresses, _options) is { } wrongClass)
        {
            diagnostics.Add(wrongClass);
        }

        var accepted = Accept(diagnostics);
        var compiler = new RouteTableCompiler(diagnostics);
        foreach (var (_, policies, routes) in accepted)
        {
            compiler.Add(policies, routes);
        }

        var table = compiler.Compile(accepted);
        Diagnostics = table.Diagnostics;
        return table;
    }

    /// <summary>
    /// Drops duplicated names, other classes and invalid Ingresses (an invalid field, annotation
    /// or regex path refuses the Ingress whole, docs/annotations.md, "What an invalid value does"); returns the rest oldest first, each
    /// with its parsed annotations.
    /// </summary>
    private List<(IngressDefinition Ingress, IngressAnnotations Policies, IngressRouteSpecs Routes)> Accept(List<IngressDiagnostic> diagnostics)
    {
        var ordered = _ingresses.Order(IngressAge.OldestFirst).ToList();
        var accepted = new List<(IngressDefinition, IngressAnnotations, IngressRouteSpecs)>(ordered.Count);
        var duplicated = ordered
            .GroupBy(i => (i.Namespace, i.Name))
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet();

        foreach (var ingress in ordered)
        {
            if (duplicated.Contains((ingress.Namespace, ingress.Name)))
            {
                // Which copy is meant cannot be told from the input; serving neither keeps the
                // outcome independent of input order.
                diagnostics.Add(IngressDiagnostic.For(
                    DiagnosticSeverity.Error, ingress, "metadata.name",
                    $"Ingress {ingress.QualifiedName} is defined more than once; no copy is served"));
                continue;
            }

            var verdict = Verdicts?.Get(ingress, Judge) ?? Judge(ingress);
            diagnostics.AddRange(verdict.Diagnostics);
            if (verdict is { Policies: { } policies, Routes: { } routes })
            {
                accepted.Add((ingress, policies, routes));
            }
        }

        Verdicts?.EndBuild();
        return accepted;
    }

    /// <summary>
    /// The class filter, then validation, then the annotations and regex paths: an invalid field,
    /// annotation or regex path refuses the Ingress whole.
    /// </summary>
    private IngressVerdict Judge(IngressDefinition ingress)
    {
        var diagnostics = new List<IngressDiagnostic>();
        if (IngressClassFilter.Reject(ingress, _options) is { } reason)
        {
            diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Info, ingress, "spec.ingressClassName", $"not served: {reason}"));
            return new(diagnostics, null, null);
        }

        IngressValidator.Validate(ingress, diagnostics);
        if (diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new(diagnostics, null, null);
        }

        var policies = IngressAnnotations.Parse(ingress, diagnostics, _options.Annotations);
        return policies.HasErrors | !RegexPaths.Validate(ingress, diagnostics)
            ? new(diagnostics, null, null)
            : new(diagnostics, policies, IngressRouteSpecs.Translate(ingress, policies));
    }
}
