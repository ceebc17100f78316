using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Sources;

namespace IngressCore.Runtime;

/// <summary>
/// Merges the snapshots of several sources into one set of objects. Identity is kind plus
/// namespace/name: an object that two sources both hold is taken from the first source registered
/// and reported, except Ingresses, which the builder refuses whole when defined twice (which copy
/// is meant cannot be told). One source's snapshot is used as it is.
/// </summary>
internal static class SourceMerger
{
    public static IngressObjects Merge(IReadOnlyList<IngressObjects> sources)
    {
        if (sources.Count == 1)
        {
            return sources[0];
        }

        var diagnostics = new List<IngressDiagnostic>();
        var merged = new IngressObjects
        {
            Ingresses = [.. sources.SelectMany(s => s.Ingresses)],
            IngressClasses = FirstOfEach(sources, s => s.IngressClasses, c => ("", c.Name), "IngressClass", c => c.Source, diagnostics),
            Services = FirstOfEach(sources, s => s.Services, s => (s.Namespace, s.Name), "Service", s => s.Source, diagnostics),
            EndpointSlices = FirstOfEach(sources, s => s.EndpointSlices, s => (s.Namespace, s.Name), "EndpointSlice", s => s.Source, diagnostics),
            TlsSecrets = FirstOfEach(sources, s => s.TlsSecrets, s => (s.Namespace, s.Name), "Secret", s => s.Source, diagnostics),
            Secrets = FirstOfEach(sources, s => s.Secrets, s => (s.Namespace, s.Name), "Secret", s => s.Source, diagnostics),
            ConfigMaps = FirstOfEach(sources, s => s.ConfigMaps, c => (c.Namespace, c.Name), "ConfigMap", c => c.Source, diagnostics),
        };
        return merged with { Diagnostics = [.. sources.SelectMany(s => s.Diagnostics), .. diagnostics] };
    }

    private static T[] FirstOfEach<T>(
        IReadOnlyList<IngressObjects> sources,
        Func<IngressObjects, IReadOnlyList<T>> items,
        Func<T, (string Namespace, string Name)> key,
        string kind,
        Func<T, ManifestSource?> source,
        List<IngressDiagnostic> diagnostics)
    {
        var seen = new HashSet<(string, string)>();
        var result = new List<T>();
        foreach (var item in sources.SelectMany(items))
        {
            var (ns, name) = key(item);
            if (seen.Add((ns, name)))
            {
                result.Add(item);
                continue;
            }

            diagnostics.Add(new IngressDiagnostic
            {
                Severity = DiagnosticSeverity.Warning,
                Kind = kind,
                Namespace = ns.Length == 0 ? null : ns,
                Name = name,
                Message = $"{kind} {(ns.Length == 0 ? name : ns + "/" + name)} comes from more than one source; the first source's copy is used",
                File = source(item)?.Path,
                Line = source(item)?.Line ?? 0,
            });
        }

        return [.. result];
    }
}
