using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests.Support;

/// <summary>Parses a made-up Ingress carrying the given annotations, keeping the diagnostics.</summary>
internal sealed class Annotated
{
    public const string Prefix = IngressAnnotationOptions.DefaultPrefix;

    private Annotated(IngressAnnotations result, List<IngressDiagnostic> diagnostics)
    {
        Result = result;
        Diagnostics = diagnostics;
    }

    public IngressAnnotations Result { get; }

    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    public IEnumerable<IngressDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<IngressDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);

    /// <summary>Annotations given by their name without the prefix.</summary>
    public static Annotated Parse(params (string Name, string Value)[] annotations) =>
        ParseWith(IngressAnnotationOptions.Default, annotations);

    public static Annotated ParseWith(IngressAnnotationOptions options, params (string Name, string Value)[] annotations) =>
        ParseRaw(options, annotations.Select(a => (options.Prefix + a.Name, a.Value)).ToArray());

    /// <summary>Annotations given by their full key.</summary>
    public static Annotated ParseRaw(IngressAnnotationOptions options, params (string Key, string Value)[] annotations)
    {
        var ingress = new IngressDefinition
        {
            Namespace = "shop",
            Name = "web",
            Annotations = annotations.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
        };
        var diagnostics = new List<IngressDiagnostic>();
        var result = IngressAnnotations.Parse(ingress, diagnostics, options);
        return new Annotated(result, diagnostics);
    }

    public static string Field(string name) => $"metadata.annotations[{Prefix}{name}]";

    /// <summary>Whether an error names this annotation.</summary>
    public bool HasErrorOn(string name) => Errors.Any(d => d.Field == Field(name));

    /// <summary>Whether a warning names this annotation.</summary>
    public bool HasWarningOn(string name) => Warnings.Any(d => d.Field == Field(name));

    /// <summary>The one error, which must name this annotation.</summary>
    public IngressDiagnostic SingleErrorOn(string name) => SingleOn(Errors, name);

    /// <summary>The one warning, which must name this annotation.</summary>
    public IngressDiagnostic SingleWarningOn(string name) => SingleOn(Warnings, name);

    public override string ToString() => string.Join(Environment.NewLine, Diagnostics);

    private static IngressDiagnostic SingleOn(IEnumerable<IngressDiagnostic> diagnostics, string name)
    {
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(Field(name), diagnostic.Field);
        return diagnostic;
    }
}
