using System.Globalization;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Checks one Ingress against the networking.k8s.io/v1 rules and IngressCore's strict grammars
/// (DESIGN §4.3). Any error refuses the Ingress whole; warnings do not.
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
            ValidateBackend(defaultBackend, "spec.defaultBackend", Error);
        }

        for (var r = 0; r < ingress.Rules.Count; r++)
        {
            var rule = ingress.Rules[r];
            var ruleField = Field($"spec.rules[{r}]");
            if (!string.IsNullOrEmpty(rule.Host))
            {
                Check($"{ruleField}.host", HostName.Validate(rule.Host));
            }

            if (rule.Paths is null)
            {
                continue;
            }

            if (rule.Paths.Count == 0)
            {
                Error($"{ruleField}.http.paths", "http.paths must list at least one path");
            }

            for (var p = 0; p < rule.Paths.Count; p++)
            {
                var path = rule.Paths[p];
                var pathField = Field($"{ruleField}.http.paths[{p}]");
                var text = string.IsNullOrEmpty(path.Path) ? "/" : path.Path;
                var type = path.PathType ?? PathType.Prefix;
                if (path.PathType is { } declared && !Enum.IsDefined(declared))
                {
                    Error($"{pathField}.pathType", "pathType must be Exact, Prefix or ImplementationSpecific");
                }
                else
                {
                    Check($"{pathField}.path", PathText.Validate(text, type));
                }

                if (path.Backend is null)
                {
                    Error($"{pathField}.backend", "backend is required");
                }
                else
                {
                    ValidateBackend(path.Backend, $"{pathField}.backend", Error);
                }
            }
        }

        for (var t = 0; t < ingress.Tls.Count; t++)
        {
            var tls = ingress.Tls[t];
            for (var h = 0; h < tls.Hosts.Count; h++)
            {
                var host = tls.Hosts[h];
                Check(Field($"spec.tls[{t}].hosts[{h}]"), string.IsNullOrEmpty(host) ? "host must not be empty" : HostName.Validate(host));
            }

            if (tls.SecretName is { Length: > 0 } secret)
            {
                Check(Field($"spec.tls[{t}].secretName"), KubernetesName.ValidateSubdomain(secret, "secretName"));
            }
        }
    }

    private static void ValidateBackend(IngressBackend backend, string field, Action<string, string> error)
    {
        if (backend.ServiceName is null)
        {
            if (backend.Resource is null)
            {
                error(field, "backend must name a service (or a resource)");
            }

            return;
        }

        if (backend.Resource is not null)
        {
            error(field, "backend must name either a service or a resource, not both");
        }

        if (KubernetesName.ValidateServiceName(backend.ServiceName, "service name") is { } nameProblem)
        {
            error($"{field}.service.name", nameProblem);
        }

        var portField = $"{field}.service.port";
        switch ((backend.PortNumber, backend.PortName))
        {
            case (null, null):
                error(portField, "service port must set a number or a name");
                break;
            case ({ }, { }):
                error(portField, "service port must set a number or a name, not both");
                break;
            case ({ } number, null) when number is < 1 or > 65535:
                error($"{portField}.number", $"port number {number} is outside 1-65535");
                break;
            case (null, { } name) when KubernetesName.ValidatePortName(name, "port name") is { } problem:
                error($"{portField}.name", problem);
                break;
        }
    }

    private static string Field(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
