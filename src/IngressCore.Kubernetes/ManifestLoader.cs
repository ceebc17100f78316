using IngressCore.Building;

namespace IngressCore.Kubernetes;

/// <summary>
/// Reads Kubernetes manifests from files and folders into IngressCore's core model:
/// networking.k8s.io/v1 Ingress and IngressClass, v1 Service, discovery.k8s.io/v1 EndpointSlice
/// and v1 Secrets of type <c>kubernetes.io/tls</c>, as YAML (multi-document, <c>kind: List</c>)
/// or JSON. Bad input never throws: each problem becomes a diagnostic naming the file, line,
/// object and field, and the rest is still read.
/// </summary>
public static class ManifestLoader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The deepest folder nesting followed below a folder given to <see cref="Load"/>.</summary>
    private const int MaxFolderDepth = 64;

    /// <summary>
    /// Reads manifest files. A folder is read recursively: its <c>.yaml</c>, <c>.yml</c> and
    /// <c>.json</c> files, in ordinal order of their names, skipping hidden files and folders
    /// (names starting with <c>.</c>). A file named directly is read whatever its extension.
    /// </summary>
    /// <param name="paths">Files or folders.</param>
    /// <returns>The objects read and the diagnostics; never throws for bad input.</returns>
    public static ManifestSet Load(params string[] paths)
    {
        var reader = new ManifestReader();
        if (paths is null || paths.Length == 0)
        {
            reader.Report(PathError(null, "no manifest path was given: name at least one file or folder"));
            return reader.ToSet();
        }

        var files = new List<(string Display, string Full)>();
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var seenFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            Collect(path, files, seenFiles, seenFolders, reader);
        }

        foreach (var (display, full) in files)
        {
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
        }

        return reader.ToSet();
    }

    private static void Collect(
        string? path, List<(string, string)> files, HashSet<string> seenFiles, HashSet<string> seenFolders, ManifestReader reader)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            reader.Report(PathError(null, "an empty path was given: name a manifest file or folder"));
            return;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            reader.Report(PathError(path, $"the path {Printable.Quote(path)} is not valid: {Printable.Of(ex.Message, 200)}"));
            return;
        }

        if (Directory.Exists(full))
        {
            Walk(path, full, 0, files, seenFiles, seenFolders, reader);
        }
        else if (File.Exists(full))
        {
            AddFile(path, full, files, seenFiles);
        }
        else
        {
            reader.Report(PathError(path, $"no such file or folder: {Printable.Quote(path)}"));
        }
    }

    private static void Walk(
        string display, string full, int depth, List<(string, string)> files, HashSet<string> seenFiles, HashSet<string> seenFolders, ManifestReader reader)
    {
        if (!seenFolders.Add(RealPath(full, isDirectory: true)))
        {
            return; // reached again through a link: its files are already listed
        }

        if (depth > MaxFolderDepth)
        {
            reader.Report(new IngressDiagnostic
            {
                Severity = DiagnosticSeverity.Warning,
                File = display,
                Message = $"folders are followed at most {MaxFolderDepth} levels deep; this one was not read",
            });
            return;
        }

        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(full).GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            reader.Report(PathError(display, $"the folder cannot be read: {Printable.Of(ex.Message, 200)}"));
            return;
        }

        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            if (entry.Name.StartsWith('.') || (OperatingSystem.IsWindows() && entry.Attributes.HasFlag(FileAttributes.Hidden)))
            {
                continue;
            }

            var childDisplay = Path.Join(display, entry.Name);
            if (entry is DirectoryInfo)
            {
                Walk(childDisplay, entry.FullName, depth + 1, files, seenFiles, seenFolders, reader);
            }
            else if (Array.Exists(Extensions, e => entry.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                AddFile(childDisplay, entry.FullName, files, seenFiles);
            }
        }
    }

    private static void AddFile(string display, string full, List<(string, string)> files, HashSet<string> seenFiles)
    {
        if (seenFiles.Add(RealPath(full, isDirectory: false)))
        {
            files.Add((display, full));
        }
    }

    /// <summary>The path with links resolved, so a file or folder reached twice is read once.</summary>
    private static string RealPath(string full, bool isDirectory)
    {
        try
        {
            FileSystemInfo info = isDirectory ? new DirectoryInfo(full) : new FileInfo(full);
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return full;
        }
    }

    private static IngressDiagnostic PathError(string? path, string message) =>
        new() { Severity = DiagnosticSeverity.Error, File = path, Message = message };
}
