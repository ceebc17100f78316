using IngressCore.Model;

namespace IngressCore.Diagnostics;

/// <summary>A diagnostic about a field of an object other than an Ingress (a Secret, a ConfigMap), located in its source when known.</summary>
internal static class ObjectDiagnostic
{
    public static IngressDiagnostic For(
        DiagnosticSeverity severity, string kind, string ns, string name, ManifestSource? source, string field, string message) => new()
        {
            Severity = severity,
            Kind = kind,
            Namespace = ns,
            Name = name,
            Field = field,
            Message = message,
            File = source?.Path,
            Line = source?.LineOf(field) ?? 0,
        };
}
