using IngressCore.Diagnostics;

namespace IngressCore.Kubernetes;

/// <summary>
/// Lists the manifest files of files and folders: a folder recursively, its <c>.yaml</c>,
/// <c>.yml</c> and <c>.json</c> files in ordinal order of their names, hidden entries skipped, each
/// file once however many links lead to it; a file named directly whatever its extension.
/// </summary>
internal static class ManifestFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The deepest folder nesting followed below a folder given.</summary>
    private const int MaxFolderDepth = 64;

    /// <summary>Whether a file name found in a folder is a manifest's (not hidden, a manifest extension).</summary>
    public static bool IsManifestName(string name) =>
        !name.StartsWith('.') && Array.Exists(Extensions, e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The files, each as the caller's path led to it and as a full path, in reading order.</summary>
    public static List<(string Display, string Full)> List(IReadOnlyList<string>? paths, List<IngressDiagnostic> diagnostics)
    {
        var files = new List<(string Display, string Full)>();
        if (paths is null || paths.Count == 0)
        {
            diagnostics.Add(PathError(null, "no manifest path was given: name at least one file or folder"));
            return files;
        }

        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var seenFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            Collect(path, files, seenFiles, seenFolders, diagnostics);
        }

        return files;
    }

    private static void Collect(
        string? path, List<(string, string)> files, HashSet<string> seenFiles, HashSet<string> seenFolders, List<IngressDiagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            diagnostics.Add(PathError(null, "an empty path was given: name a manifest file or folder"));
            return;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            diagnostics.Add(PathError(path, $"the path {Printable.Quote(path)} is not valid: {Printable.Of(ex.Message, 200)}"));
            return;
        }

        if (Directory.Exists(full))
        {
            var before = files.Count;
            Walk(path, full, 0, files, seenFiles, seenFolders, diagnostics);
            if (files.Count == before)
            {
                diagnostics.Add(new IngressDiagnostic
                {
                    Severity = DiagnosticSeverity.Warning,
                    File = path,
                    Message = "the folder holds no manifest file (.yaml, .yml or .json, hidden files skipped): nothing is read from it",
                });
            }
        }
        else if (File.Exists(full))
        {
            AddFile(path, full, files, seenFiles);
        }
        else
        {
            diagnostics.Add(PathError(path, $"no such file or folder: {Printable.Quote(path)}"));
        }
    }

    private static void Walk(
        string display, string full, int depth, List<(string, string)> files, HashSet<string> seenFiles, HashSet<string> seenFolders, List<IngressDiagnostic> diagnostics)
    {
        if (!seenFolders.Add(RealPath(full, isDirectory: true)))
        {
            return; // reached again through a link: its files are already listed
        }

        if (depth > MaxFolderDepth)
        {
            diagnostics.Add(new IngressDiagnostic
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
            diagnostics.Add(PathError(display, $"the folder cannot be read: {Printable.Of(ex.Message, 200)}"));
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
                Walk(childDisplay, entry.FullName, depth + 1, files, seenFiles, seenFolders, diagnostics);
            }
            else if (IsManifestName(entry.Name))
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
