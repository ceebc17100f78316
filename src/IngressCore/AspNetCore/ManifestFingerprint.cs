namespace IngressCore.AspNetCore;

/// <summary>
/// A cheap summary of the watched files (names, sizes, modification times) for the periodic
/// check and the file-system events alike: a reload runs only when it changes, so a quiet poll, a
/// touched-but-unchanged file or an editor's hidden swap file reloads nothing.
/// </summary>
internal static class ManifestFingerprint
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        MaxRecursionDepth = 64,
        // Hidden entries (dot names on Unix) are skipped, as the manifest loader skips them.
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    public static string Compute(IEnumerable<string> paths)
    {
        var entries = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    // Every visible file, not only .yaml/.json: the loader is the caller's, and so is the format.
                    foreach (var file in Directory.EnumerateFiles(path, "*", Walk))
                    {
                        entries.Add(Describe(new FileInfo(file)));
                    }
                }
                else
                {
                    entries.Add(Describe(new FileInfo(path)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file that vanished mid-walk: the next check sees the settled state.
                entries.Add($"{path}: {e.GetType().Name}");
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return string.Join('\n', entries);
    }

    private static string Describe(FileInfo file) =>
        file.Exists ? $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}" : $"{file.FullName}|missing";
}
