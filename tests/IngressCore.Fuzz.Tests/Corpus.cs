namespace IngressCore.Fuzz.Tests;

/// <summary>The committed seed corpora, fuzz/corpus/TARGET/*, found from the test's output folder.</summary>
internal static class Corpus
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder { get; } = Path.Combine(RepositoryRoot, "fuzz", "corpus");

    /// <summary>The seed files of one target, in ordinal order.</summary>
    public static IReadOnlyList<string> FilesOf(string target)
    {
        var folder = Path.Combine(Folder, target);
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)] : [];
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "IngressCore.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no IngressCore.sln above {AppContext.BaseDirectory}");
    }
}
