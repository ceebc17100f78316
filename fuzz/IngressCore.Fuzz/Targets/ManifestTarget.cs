using IngressCore.Fuzz.Support;
using IngressCore.Kubernetes;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// A manifest file, YAML or JSON, read from disk as <c>serve</c> reads it (encoding, size limits,
/// documents, objects), then built and served. The loader turns an unexpected exception into a
/// "please report this as a bug" diagnostic so that one bad file cannot stop a reload: that
/// diagnostic is the finding here.
/// </summary>
internal static class ManifestTarget
{
    private const string Bug = "please report this as a bug";

    private static string? _path;

    public static void Run(ReadOnlySpan<byte> input)
    {
        _path ??= Path.Combine(Path.GetTempPath(), $"ingresscore-fuzz-{Environment.ProcessId}.yaml");
        File.WriteAllBytes(_path, input.ToArray());
        var set = ManifestLoader.Load(_path);
        foreach (var diagnostic in set.Diagnostics)
        {
            if (diagnostic.Message.Contains(Bug, StringComparison.Ordinal))
            {
                throw new FuzzFinding(diagnostic.ToString());
            }

            FuzzText.AssertPrintable(diagnostic.Message, "a diagnostic's message");
            FuzzText.AssertPrintable(diagnostic.Field, "a diagnostic's field");
        }

        var table = Serving.Build([.. set.Ingresses]);
        foreach (var request in Serving.PlainRequests)
        {
            Serving.Decide(table, request);
        }
    }
}
