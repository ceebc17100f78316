using IngressCore.Diagnostics;
using IngressCore.Kubernetes;
using IngressCore.Runtime;

namespace IngressCore.Cli;

/// <summary>
/// <c>--controller-config FILE</c>: ingress-nginx's controller ConfigMap, read from a manifest
/// file (as <c>kubectl get configmap … -o yaml</c> writes it) and parsed by
/// <see cref="IngressControllerConfig"/>. The file must hold exactly one ConfigMap.
/// </summary>
internal static class ControllerConfigFile
{
    /// <summary>The settings, or <see langword="null"/> when there is no usable configuration; the diagnostics say why.</summary>
    public static (IngressControllerConfig? Config, IReadOnlyList<IngressDiagnostic> Diagnostics) Load(string path)
    {
        var set = ManifestLoader.Load([path]);
        var diagnostics = set.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).ToList();
        if (set.ConfigMaps.Count != 1)
        {
            diagnostics.Add(new IngressDiagnostic
            {
                Severity = DiagnosticSeverity.Error,
                File = path,
                Message = set.ConfigMaps.Count == 0
                    ? "--controller-config: the file holds no ConfigMap (write the controller's: kubectl get configmap -n ingress-nginx ingress-nginx-controller -o yaml)"
                    : $"--controller-config: the file holds {set.ConfigMaps.Count} ConfigMaps; give the controller's alone",
            });
            return (null, diagnostics);
        }

        var config = IngressControllerConfig.Parse(set.ConfigMaps[0], diagnostics);
        return (config.HasErrors || diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? null : config, diagnostics);
    }
}
