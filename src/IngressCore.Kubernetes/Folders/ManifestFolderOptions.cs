namespace IngressCore.Kubernetes.Folders;

/// <summary>Where <c>LoadFromManifests</c> reads manifests, and how it follows their changes.</summary>
public sealed class ManifestFolderOptions
{
    /// <summary>The manifest files and folders (folders are read recursively). Each must exist when the host starts.</summary>
    public IList<string> Paths { get; } = [];

    /// <summary>
    /// How long the files must be quiet after a change before they are read again, so that a file
    /// written in several steps is read once, whole. Default 50 ms; zero reads at the first event.
    /// Writing a manifest atomically (write a temporary file, then rename it over the old one)
    /// needs no debounce at all.
    /// </summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How often the files are compared with what was read (names, sizes, times) even without a
    /// file-system event, which some network and container file systems never deliver. Default 5 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
