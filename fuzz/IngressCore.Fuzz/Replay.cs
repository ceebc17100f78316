using System.Runtime.InteropServices;

namespace IngressCore.Fuzz;

/// <summary>
/// Runs files through a target once each: a seed corpus, a crash afl-fuzz kept, or a folder of
/// either. Works on an instrumented build too, so a crash can be replayed where it was found.
/// </summary>
internal static class Replay
{
    /// <summary>SharpFuzz's coverage map size (AFL's MAP_SIZE).</summary>
    private const int MapSize = 1 << 16;

    public static int Run(FuzzTarget target, IEnumerable<string> paths)
    {
        InstallCoverageBuffer();
        var count = 0;
        foreach (var file in Files(paths))
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"{target.Name}: {file} fails:");
                Console.Error.WriteLine(e);
                return 1;
            }

            count++;
        }

        Console.WriteLine($"{target.Name}: {count} input(s) replayed without a failure");
        return 0;
    }

    /// <summary>The files named, and the files of the folders named, in ordinal order; hidden ones (afl-fuzz's .state) skipped.</summary>
    public static IEnumerable<string> Files(IEnumerable<string> paths) =>
        paths.SelectMany<string, string>(path => Directory.Exists(path)
            ? Directory.EnumerateFiles(path)
                .Where(file => !Path.GetFileName(file).StartsWith('.') && Path.GetFileName(file) != "README.txt")
                .Order(StringComparer.Ordinal)
            : [path]);

    /// <summary>
    /// An instrumented IngressCore writes every branch it takes to this buffer; outside afl-fuzz
    /// nothing else installs one (an uninstrumented build never reads it).
    /// </summary>
    private static unsafe void InstallCoverageBuffer()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
        {
            SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(MapSize);
        }
    }
}
