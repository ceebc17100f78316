using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;

namespace IngressCore.Benchmarks.Infrastructure;

/// <summary>
/// The one job every benchmark runs with (short enough for 2 shared cores: 1 launch, 3 warmup and
/// 9 measured iterations of about 200 ms), nanosecond columns with median, min and max, and the
/// default exporters (CSV, HTML, GitHub markdown) plus the full JSON that <c>benchmarks/gate.sh</c> reads.
/// </summary>
public static class BenchConfig
{
    /// <summary>The job's id, as it appears in the reports.</summary>
    public const string JobId = "Short200ms";

    /// <summary>Creates the configuration.</summary>
    /// <returns>The configuration.</returns>
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default
            .WithId(JobId)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(9)
            .WithIterationTime(TimeInterval.FromMilliseconds(200)))
        .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max)
        .AddExporter(JsonExporter.Full)
        .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Nanosecond));
}
