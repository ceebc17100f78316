using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Tls;

/// <summary>Creates the store's diagnostics about Secrets (Ingress diagnostics use <see cref="IngressDiagnostic.For"/>).</summary>
internal static class TlsDiagnostics
{
    public const string CertificateField = "data[tls.crt]";
    public const string KeyField = "data[tls.key]";

    public static IngressDiagnostic ForSecret(DiagnosticSeverity severity, TlsSecret secret, string field, string message) => new()
    {
        Severity = severity,
        Kind = "Secret",
        Namespace = secret.Namespace,
        Name = secret.Name,
        Field = field,
        Message = message,
        File = secret.Source?.Path,
        Line = secret.Source?.LineOf(field) ?? 0,
    };
}
