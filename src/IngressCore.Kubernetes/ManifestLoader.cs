using IngressCore.Diagnostics;

namespace IngressCore.Kubernetes;

/// <summary>
/// Reads Kubernetes manifests from files and folders into IngressCore's core model:
/// networking.k8s.io/v1 Ingress and IngressClass, v1 Service, discovery.k8s.io/v1 EndpointSlice,
/// v1 ConfigMap and v1 Secrets of type <c>kubernetes.io/tls</c>, as YAML (multi-document,
/// <c>kind: List</c>) or JSON. Bad input never throws: each problem becomes a diagnostic naming
/// the file, line, object and field, and the rest is still read.
/// </summary>
public static class ManifestLoader
{
    /// <summary>
    /// Reads manifest files. A folder is read recursively: its <c>.yaml</c>, <c>.yml</c> and
    /// <c>.json</c> files, in ordinal order of their names, skipping hidden files and folders
    /// (names starting with <c>.</c>). A file named directly is read whatever its extension.
    /// </summary>
    /// <param name="paths">Files or folders.</param>
    /// <returns>The objects read and the diagnostics; never throws for bad input.</returns>
    public static ManifestSet Load(params string[] paths)
    {
        var pathDiagnostics = new List<IngressDiagnostic>();
        var files = ManifestFiles.List(paths, pathDiagnostics);
        return ManifestMerge.Merge(pathDiagnostics, [.. files.Select(f => ReadFile(f.Display, f.Full))]);
    }

    /// <summary>Reads one file on its own (duplicates across files are found when the files are merged).</summary>
    internal static ManifestSet ReadFile(string display, string full)
    {
        var reader = new ManifestReader();
        try
        {
            reader.ReadFile(display, full);
        }
#pragma warning disable CA1031 // Never throw for bad input: an unexpected failure is reported against its file.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            reader.Report(new IngressDiagnostic
            {
                Severity = DiagnosticSeverity.Error,
                File = display,
                Message = $"the file could not be read ({ex.GetType().Name}: {Printable.Of(ex.Message, 200)}); please report this as a bug",
            });
        }

        return reader.ToSet();
    }
}
