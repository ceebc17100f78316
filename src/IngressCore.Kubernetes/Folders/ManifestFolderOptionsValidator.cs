using Microsoft.Extensions.Options;

namespace IngressCore.Kubernetes.Folders;

/// <summary>Refuses to start on a manifest path that does not exist: a typo would otherwise serve nothing, silently.</summary>
internal sealed class ManifestFolderOptionsValidator : IValidateOptions<ManifestFolderOptions>
{
    public ValidateOptionsResult Validate(string? name, ManifestFolderOptions options)
    {
        var failures = new List<string>();
        if (options.Paths.Count == 0)
        {
            failures.Add("LoadFromManifests: no manifest path was given; name at least one file or folder");
        }

        foreach (var path in options.Paths)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                failures.Add("LoadFromManifests: an empty manifest path was given");
                continue;
            }

            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                failures.Add($"LoadFromManifests: the manifest path '{path}' is not valid: {e.Message}");
                continue;
            }

            if (!Directory.Exists(full) && !File.Exists(full))
            {
                failures.Add($"LoadFromManifests: the manifest path '{path}' does not exist (looked for {full})");
            }
        }

        if (options.Debounce < TimeSpan.Zero)
        {
            failures.Add($"LoadFromManifests: Debounce is {options.Debounce}; it must not be negative");
        }

        if (options.PollInterval <= TimeSpan.Zero && options.PollInterval != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"LoadFromManifests: PollInterval is {options.PollInterval}; it must be positive, or Timeout.InfiniteTimeSpan");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
