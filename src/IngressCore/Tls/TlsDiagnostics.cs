using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Tls;

/// <summary>Creates the store's diagnostics about Secrets (Ingress diagnostics use <see cref="IngressDiagnostic.For"/>).</summary>
internal static class TlsDiagnostics
{
    public const string CertificateField = "data[tls.crt]";
    public const string KeyField = "data[tls.key]";

    public static IngressDiagnostic ForSecret(DiagnosticSeverity severity, TlsSecret secret, string field, string message) =>
        ObjectDiagnostic.For(severity, "Secret", secret.Namespace, secret.Name, secret.Source, field, message);
}
