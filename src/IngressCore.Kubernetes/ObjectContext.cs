using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Kubernetes;

/// <summary>
/// The object a diagnostic is about, where it was read from (a manifest file, or an API server's
/// URL for the object), and where its diagnostics go: what the converters report into, whether the
/// object came from a manifest or from a watched cluster.
/// </summary>
/// <param name="Report">Receives each diagnostic.</param>
/// <param name="File">The file or URL the diagnostics name.</param>
/// <param name="Kind">The object's kind, when known.</param>
/// <param name="Namespace">The object's namespace; <see langword="null"/> for a cluster-scoped kind.</param>
/// <param name="Name">The object's name, when known.</param>
/// <param name="Source">Where the object was read from, for the line of each field.</param>
internal sealed record ObjectContext(Action<IngressDiagnostic> Report, string File, string? Kind, string? Namespace, string? Name, ManifestSource Source)
{
    public string ObjectName => Namespace is null ? Printable.Of(Name ?? "-") : $"{Printable.Of(Namespace)}/{Printable.Of(Name)}";

    public void Add(DiagnosticSeverity severity, string field, string message, int? line = null) =>
        Report(new IngressDiagnostic
        {
            Severity = severity,
            Kind = Kind,
            Namespace = Name is null || Namespace is null ? null : Printable.Of(Namespace),
            Name = Name is null ? null : Printable.Of(Name),
            Field = field,
            Message = message,
            File = File,
            Line = line ?? Source.LineOf(field),
        });

    public void Error(string field, string message, int? line = null) => Add(DiagnosticSeverity.Error, field, message, line);

    public void Warning(string field, string message, int? line = null) => Add(DiagnosticSeverity.Warning, field, message, line);

    public void Info(string field, string message, int? line = null) => Add(DiagnosticSeverity.Info, field, message, line);
}
