using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Kubernetes;

/// <summary>
/// Puts the files of a load together, in reading order. Each file is read on its own (so that a
/// folder watch re-reads only the files that changed), and an object defined twice, in one file or
/// two, is found here: the first definition is used (or refused, when it is invalid) and every later
/// one is refused with an error naming both places.
/// </summary>
internal static class ManifestMerge
{
    public static ManifestSet Merge(IReadOnlyList<IngressDiagnostic> pathDiagnostics, IReadOnlyList<ManifestSet> files)
    {
        var first = new Dictionary<(string Kind, string Namespace, string Name), ManifestDefinition>();
        var later = new HashSet<(string Kind, string Namespace, string Name, string File, int Line)>();
        var diagnostics = new List<IngressDiagnostic>(pathDiagnostics);
        foreach (var file in files)
        {
            var duplicates = new List<IngressDiagnostic>();
            foreach (var definition in file.Definitions)
            {
                if (first.TryAdd((definition.Kind, definition.Namespace, definition.Name), definition))
                {
                    continue;
                }

                later.Add((definition.Kind, definition.Namespace, definition.Name, definition.File, definition.Line));
                duplicates.Add(Duplicate(definition, first[(definition.Kind, definition.Namespace, definition.Name)]));
            }

            // In reading order: a duplicate is reported where its document starts, before what follows it.
            var next = 0;
            foreach (var diagnostic in file.Diagnostics)
            {
                while (next < duplicates.Count && duplicates[next].Line <= diagnostic.Line)
                {
                    diagnostics.Add(duplicates[next++]);
                }

                diagnostics.Add(diagnostic);
            }

            diagnostics.AddRange(duplicates.Skip(next));
        }

        if (later.Count == 0 && files.Count == 1 && pathDiagnostics.Count == 0)
        {
            return files[0];
        }

        return new ManifestSet(
            Keep(files, f => f.Ingresses, KnownKinds.Ingress, i => (i.Namespace, i.Name, i.Source)),
            Keep(files, f => f.IngressClasses, KnownKinds.IngressClass, c => ("", c.Name, c.Source)),
            Keep(files, f => f.Certificates, KnownKinds.Secret, s => (s.Namespace, s.Name, s.Source)),
            Keep(files, f => f.Services, KnownKinds.Service, s => (s.Namespace, s.Name, s.Source)),
            Keep(files, f => f.EndpointSlices, KnownKinds.EndpointSlice, s => (s.Namespace, s.Name, s.Source)),
            Keep(files, f => f.ConfigMaps, KnownKinds.ConfigMap, c => (c.Namespace, c.Name, c.Source)),
            [.. diagnostics],
            [.. files.SelectMany(f => f.Files)],
            [.. files.SelectMany(f => f.Definitions)],
            Keep(files, f => f.Secrets, KnownKinds.Secret, s => (s.Namespace, s.Name, s.Source)));

        T[] Keep<T>(IReadOnlyList<ManifestSet> sets, Func<ManifestSet, IReadOnlyList<T>> items, string kind, Func<T, (string Namespace, string Name, ManifestSource? Source)> identity) =>
            [.. sets.SelectMany(items).Where(item =>
            {
                var (ns, name, source) = identity(item);
                return later.Count == 0 || !later.Contains((kind, ns, name, source?.Path ?? "", source?.Line ?? 0));
            })];
    }

    private static IngressDiagnostic Duplicate(ManifestDefinition again, ManifestDefinition first)
    {
        var objectName = again.Namespace.Length == 0
            ? Printable.Of(again.Name)
            : $"{Printable.Of(again.Namespace)}/{Printable.Of(again.Name)}";
        return new IngressDiagnostic
        {
            Severity = DiagnosticSeverity.Error,
            Kind = again.Kind,
            Namespace = again.Namespace.Length == 0 ? null : again.Namespace,
            Name = again.Name,
            Field = "metadata.name",
            Message = $"{again.Kind} {objectName} is defined twice: first at {Printable.Of(first.File, 300)}:{first.Line}, again here; the first definition is used and this one is ignored",
            File = again.File,
            Line = again.Line,
        };
    }
}
