namespace IngressCore.Kubernetes.Folders;

/// <summary>One manifest file as last read: how the paths given led to it, its size and time then, and what it held.</summary>
/// <param name="Display">The path as the paths given led to it (what diagnostics name).</param>
/// <param name="Full">The full path.</param>
/// <param name="Stamp">Its size and time when it was read.</param>
/// <param name="Set">The objects and diagnostics read from it.</param>
internal sealed record ManifestFile(string Display, string Full, FileStamp? Stamp, ManifestSet Set);

/// <summary>A file's size and last write time: what the periodic check compares.</summary>
/// <param name="Length">The size in bytes.</param>
/// <param name="LastWriteTicks">The last write time, UTC ticks.</param>
internal readonly record struct FileStamp(long Length, long LastWriteTicks)
{
    /// <summary>The stamp of a file now, or <see langword="null"/> when it cannot be read.</summary>
    public static FileStamp? Of(string fullPath)
    {
        try
        {
            var info = new FileInfo(fullPath);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
