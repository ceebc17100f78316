using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Kubernetes.Tests.Support;

/// <summary>Loads manifest text written to a temp file, and finds diagnostics in the result.</summary>
public static class Loaded
{
    /// <summary>Writes <paramref name="yaml"/> to <c>manifest.yaml</c> in a new temp folder and loads it.</summary>
    public static ManifestSet From(string yaml, string fileName = "manifest.yaml")
    {
        using var folder = new TempFolder();
        var path = folder.Write(fileName, yaml);
        return ManifestLoader.Load(path);
    }

    /// <summary>The only diagnostic of the given severity (fails when there is not exactly one).</summary>
    public static IngressDiagnostic Single(this ManifestSet set, DiagnosticSeverity severity) =>
        Assert.Single(set.Diagnostics, d => d.Severity == severity);

    /// <summary>The only diagnostic (fails when there is not exactly one).</summary>
    public static IngressDiagnostic Only(this ManifestSet set) => Assert.Single(set.Diagnostics);

    /// <summary>Fails when any diagnostic is present.</summary>
    public static ManifestSet Clean(this ManifestSet set)
    {
        Assert.True(set.Diagnostics.Count == 0, "unexpected diagnostics:\n" + string.Join("\n", set.Diagnostics));
        return set;
    }

    /// <summary>Asserts no message or field holds a raw control character (untrusted text must be escaped).</summary>
    public static void AssertPrintable(this ManifestSet set)
    {
        foreach (var diagnostic in set.Diagnostics)
        {
            foreach (var text in new[] { diagnostic.Message, diagnostic.Field, diagnostic.Name ?? string.Empty, diagnostic.Namespace ?? string.Empty })
            {
                Assert.DoesNotContain(text, c => char.IsControl(c));
            }
        }
    }
}
