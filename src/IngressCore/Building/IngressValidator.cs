using System.Globalization;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Checks one Ingress against the networking.k8s.io/v1 rules and IngressCore's strict grammars
/// (docs/annotations.md, "What an invalid value does"). Any error refuses the Ingress whole; warnings do not. Field paths are only
/// formatted for a problem found: a valid Ingress of ten thousand paths costs no strings.
/// </summary>
internal static class IngressValidator
{
    public static void Validate(IngressDefinition ingress, List<IngressDiagnostic> diagnostics)
    {
        void Error(string field, string message) =>
            diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Error, ingress, field, message));

        void Check(string field, string? problem)
        {
            if (problem is not null)
            {
                Error(field, problem);
            }
        }

        Check("metadata.name", KubernetesName.ValidateSubdomain(ingress.Name, "name"));
        Check("metadata.namespace", KubernetesName.ValidateLabel(ingress.Namespace, "namespace"));
        if (ingress.IngressClassName is { } className)
        {
            Check("spec.ingressClassName", KubernetesName.ValidateSubdomain(className, "ingressClassName"));
        }

        if (ingress.Rules.Count == 0 && ingress.DefaultBackend is null)
        {
            Error("spec", "either spec.defaultBackend or spec.rules must be specified");
        }

        if (ingress.DefaultBackend is { } defaultBackend)
        {
            ReportBackend(defaultBackend, "spec.defaultBackend", Error);
        }

        for (var r = 0; r < ingress.Rules.Count; r++)
        {
            var rule = ingress.Rules[r];
            if (!string.IsNullOrEmpty(rule.Host) && HostName.Validate(rule.Host) is { } hostProblem)
            {
                Error(Invariant($"spec.rules[{r}].host"), hostProblem);
            }

            if (rule.Paths is null)
            {
                continue;
            }

            if (rule.Paths.Count == 0)
            {
                Error(Invariant($"spec.rules[{r}].http.paths"), "http.paths must list at least one path");
            }

            for (var p = 0; p < rule.Paths.Count; p++)
            {
                var path = rule.Paths[p];
                if (path.PathType is { } declared && !Enum.IsDefined(declared))
                {
                    Error(Invariant($"spec.rules[{r}].http.paths[{p}].pathType"), "pathType must be Exact, Prefix or ImplementationSpecific");
                }
                else if (PathText.Validate(PathText.TextOf(path), PathText.TypeOf(path)) is { } pathProblem)
                {
                    Error(Invariant($"spec.rules[{r}].http.paths[{p}].path"), pathProblem);
                }

                if (path.Backend is null)
                {
                    Error(Invariant($"spec.rules[{r}].http.paths[{p}].backend"), "backend is required");
                }
                else if (BackendProblems(path.Backend) is { } problems)
                {
                    var field = Invariant($"spec.rules[{r}].http.paths[{p}].backend");
                    foreach (var (suffix, message) in problems)
                    {
                        Error(field + suffix, message);
                    }
                }
            }
        }

        for (var t = 0; t < ingress.Tls.Count; t++)
        {
            var tls = ingress.Tls[t];
            for (var h = 0; h < tls.Hosts.Count; h++)
            {
                var host = tls.Hosts[h];
                Check(Invariant($"spec.tls[{t}].hosts[{h}]"), string.IsNullOrEmpty(host) ? "host must not be empty" : HostName.Validate(host));
            }

            if (tls.SecretName is { Length: > 0 } secret)
            {
                Check(Invariant($"spec.tls[{t}].secretName"), KubernetesName.ValidateSubdomain(secret, "secretName"));
            }
        }
    }

    private static void ReportBackend(IngressBackend backend, string field, Action<string, string> error)
    {
        foreach (var (suffix, message) in BackendProblems(backend) ?? [])
        {
            error(field + suffix, message);
        }
    }

    /// <summary>The backend's problems as (field suffix, message), or <see langword="null"/> when it is valid.</summary>
    private static List<(string Suffix, string Message)>? BackendProblems(IngressBackend backend)
    {
        List<(string, string)>? problems = null;
        void Add(string suffix, string message) => (problems ??= []).Add((suffix, message));

        if (backend.ServiceName is null)
        {
            if (backend.Resource is null)
            {
                Add(string.Empty, "backend must name a service (or a resource)");
            }

            return problems;
        }

        if (backend.Resource is not null)
        {
            Add(string.Empty, "backend must name either a service or a resource, not both");
        }

        if (KubernetesName.ValidateServiceName(backend.ServiceName, "service name") is { } nameProblem)
        {
            Add(".service.name", nameProblem);
        }

        switch ((backend.PortNumber, backend.PortName))
        {
            case (null, null):
                Add(".service.port", "service port must set a number or a name");
                break;
            case ({ }, { }):
                Add(".service.port", "service port must set a number or a name, not both");
                break;
            case ({ } number, null) when number is < 1 or > 65535:
                Add(".service.port.number", $"port number {number} is outside 1-65535");
                break;
            case (null, { } name) when KubernetesName.ValidatePortName(name, "port name") is { } problem:
                Add(".service.port.name", problem);
                break;
        }

        return problems;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
