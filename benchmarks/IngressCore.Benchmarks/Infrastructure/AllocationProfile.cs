using System.Diagnostics.Tracing;
using System.Globalization;
using IngressCore.Benchmarks.Benchmarks;

namespace IngressCore.Benchmarks.Infrastructure;

/// <summary>
/// The <c>--allocations CASE</c> mode: where a middleware request's bytes go. Runs
/// <see cref="MiddlewareBenchmarks"/>'s case a million times under the runtime's allocation sampling
/// (one event per about 100 KB allocated, with the type that crossed the mark) and prints the bytes
/// per request and the sampled types, most first. Not a benchmark: a pointer for where to look.
/// </summary>
public static class AllocationProfile
{
    private const int Requests = 1_000_000;

    /// <summary>Runs the mode.</summary>
    /// <param name="args">The arguments after <c>--allocations</c>: the case.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args)
    {
        var bench = new MiddlewareBenchmarks { Request = Enum.Parse<MiddlewareBenchmarks.Case>(args.FirstOrDefault() ?? "Plain") };
        bench.Setup();
        for (var i = 0; i < 10_000; i++)
        {
            bench.Send();
        }

        using var listener = new AllocationListener();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Requests; i++)
        {
            bench.Send();
        }

        var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Requests;
        bench.Cleanup();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bench.Request}: {perRequest:F1} bytes per request"));
        foreach (var (type, count) in listener.Types.OrderByDescending(t => t.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,6} samples  {type}"));
        }

        return 0;
    }

    private sealed class AllocationListener : EventListener
    {
        public Dictionary<string, int> Types { get; } = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC: AllocationTick
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.PayloadNames is { } names)
            {
                var type = e.Payload![names.IndexOf("TypeName")] as string ?? "?";
                lock (Types)
                {
                    Types[type] = Types.GetValueOrDefault(type) + 1;
                }
            }
        }
    }
}
