using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Sources;

namespace IngressCore.Runtime;

/// <summary>
/// Keeps serving the last good version of an object that a source could not read this time. The
/// builder's refusal of an Ingress that was read is handled when the table is built
/// (<see cref="SnapshotCompiler"/>); this covers the step before: an object a source dropped with an
/// error (broken YAML, an unreadable field) would otherwise look deleted and take its routes,
/// certificate or endpoints with it.
/// </summary>
internal static class LastGoodObjects
{
    /// <summary>
    /// <paramref name="current"/> plus each object of <paramref name="previous"/> that is missing
    /// from it while an error names that object, or names its file (or a folder it was read from)
    /// without naming an object. An object missing without such an error was deleted, and stays
    /// deleted.
    /// </summary>
    public static IngressObjects CarryOver(IngressObjects? previous, IngressObjects current)
    {
        if (previous is null)
        {
            return current;
        }

        var errors = current.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count == 0)
        {
            return current;
        }

        var notes = new List<IngressDiagnostic>();
        var ingresses = Keep(
            previous.Ingresses, current.Ingresses, errors, "Ingress", i => (i.Namespace, i.Name), i => i.Source, notes);
        var secrets = Keep(
            previous.TlsSecrets, current.TlsSecrets, errors, "Secret", s => (s.Namespace, s.Name), s => s.Source, notes);
        var opaque = Keep(
            previous.Secrets, current.Secrets, errors, "Secret", s => (s.Namespace, s.Name), s => s.Source, notes);
        var services = Keep(
            previous.Services, current.Services, errors, "Service", s => (s.Namespace, s.Name), s => s.Source, notes);
        var slices = Keep(
            previous.EndpointSlices, current.EndpointSlices, errors, "EndpointSlice", s => (s.Namespace, s.Name), s => s.Source, notes);
        var configMaps = Keep(
            previous.ConfigMaps, current.ConfigMaps, errors, "ConfigMap", c => (c.Namespace, c.Name), c => c.Source, notes);
        return notes.Count == 0
            ? current
            : current with
            {
                Ingresses = ingresses,
                TlsSecrets = secrets,
                Secrets = opaque,
                Services = services,
                EndpointSlices = slices,
                ConfigMaps = configMaps,
                Diagnostics = [.. current.Diagnostics, .. notes],
            };
    }

    private static IReadOnlyList<T> Keep<T>(
        IReadOnlyList<T> previous,
        IReadOnlyList<T> current,
        List<IngressDiagnostic> errors,
        string kind,
        Func<T, (string Namespace, string Name)> key,
        Func<T, ManifestSource?> source,
        List<IngressDiagnostic> notes)
    {
        var present = current.Select(key).ToHashSet();
        List<T>? kept = null;
        foreach (var old in previous)
        {
            var (ns, name) = key(old);
            var file = source(old)?.Path;
            if (present.Contains((ns, name)) || !errors.Any(e => Names(e, kind, ns, name, file)))
            {
                continue;
            }

            (kept ??= [.. current]).Add(old);
            notes.Add(new IngressDiagnostic
            {
                Severity = DiagnosticSeverity.Warning,
                Kind = kind,
                Namespace = ns,
                Name = name,
                Message = $"the {kind} could not be read this time; its last good version keeps serving",
                File = file,
                Line = source(old)?.Line ?? 0,
            });
        }

        return kept ?? current;
    }

    private static bool Names(IngressDiagnostic error, string kind, string ns, string name, string? file) =>
        error.Name is null
            ? file is not null && error.File is { } errorFile && (string.Equals(errorFile, file, StringComparison.Ordinal) || IsUnder(file, errorFile))
            : (error.Kind is null || error.Kind == kind) &&
              string.Equals(error.Name, name, StringComparison.Ordinal) &&
              (error.Namespace is null || string.Equals(error.Namespace, ns, StringComparison.Ordinal));

    /// <summary>
    /// Whether <paramref name="file"/> was read from under the folder <paramref name="folder"/>: an
    /// error naming a folder (one given that is gone, or cannot be listed) names every file read
    /// from it, so a folder moved away and back keeps its objects in between instead of dropping
    /// them all. Files are named as found under the folder given, so a prefix is enough.
    /// </summary>
    private static bool IsUnder(string file, string folder) =>
        folder.Length > 0 &&
        file.Length > folder.Length &&
        file.StartsWith(folder, StringComparison.Ordinal) &&
        (folder[^1] is '/' or '\\' || file[folder.Length] is '/' or '\\');
}
