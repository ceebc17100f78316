using System.Diagnostics;
using SharpFuzz;

namespace IngressCore.Fuzz.Tests;

/// <summary>
/// The harness as fuzz/run.sh runs it: IngressCore instrumented by SharpFuzz, each target started
/// through Fuzzer.Run with a seed on standard input. An instrumented branch taken before Fuzzer.Run
/// installs its coverage buffer writes through a null pointer (the AccessViolationException the
/// harness once died of in a static initialiser), so every target must start clean.
/// </summary>
public sealed class InstrumentedHarnessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingresscore-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Every_target_starts_and_runs_a_seed_once_IngressCore_is_instrumented()
    {
        CopyHarness(_folder);
        foreach (var assembly in new[] { "IngressCore.dll", "IngressCore.Kubernetes.dll" })
        {
            Assert.NotEmpty(Fuzzer.Instrument(Path.Combine(_folder, assembly), _ => true, Options.Value));
        }

        foreach (var target in FuzzTargets.All)
        {
            var (exitCode, output) = await RunAsync(target.Name, Corpus.FilesOf(target.Name)[0]);
            Assert.True(exitCode == 0, $"{target.Name} exited with {exitCode}:\n{output}");
        }
    }

    /// <summary>The harness's own build output (the configuration this test was built in).</summary>
    private static void CopyHarness(string destination)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        var source = Path.Combine(Corpus.RepositoryRoot, "fuzz", "IngressCore.Fuzz", "bin", configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(source, "IngressCore.Fuzz.dll")), $"the harness is not built at {source}");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string target, string seed)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(_folder, "IngressCore.Fuzz.dll"), target },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("__AFL_SHM_ID");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.BaseStream.WriteAsync(await File.ReadAllBytesAsync(seed, timeout.Token), timeout.Token);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
