using BenchmarkDotNet.Running;
using IngressCore.Benchmarks.Infrastructure;

namespace IngressCore.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher (<c>--filter '*'</c>, <c>--list flat</c>, ...), or
/// <c>--retained [small|saas|large]</c> to print the build time and the memory a built table holds,
/// or <c>--time [--same K] case...</c> to time the match quickly when comparing two builds.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["--time", ..])
        {
            return MatchTimer.Run(args[1..]);
        }

        if (args is ["--allocations", ..])
        {
            return AllocationProfile.Run(args[1..]);
        }

        if (args is ["--retained", ..])
        {
            return RetainedMemory.Run(args[1..]);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchConfig.Create());
        var failed = summaries
            .SelectMany(s => s.Reports)
            .Where(r => !r.Success || r.ResultStatistics is null)
            .Select(r => r.BenchmarkCase.DisplayInfo)
            .ToList();
        foreach (var name in failed)
        {
            Console.Error.WriteLine($"benchmark failed (no result): {name}");
        }

        return failed.Count == 0 && summaries.All(s => !s.HasCriticalValidationErrors) ? 0 : 1;
    }
}
