using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using IngressCore.Backends;
using IngressCore.Diagnostics;
using IngressCore.Matching;
using IngressCore.Runtime;

namespace IngressCore.Observability;

/// <summary>
/// The <see cref="IngressTelemetry.MeterName"/> meter (docs/observability.md): requests by Ingress,
/// Service and status class, upstream latency, reloads and their duration, configuration errors
/// and ready endpoints. Names and units follow the OpenTelemetry semantic conventions (seconds,
/// <c>{request}</c>); ASP.NET Core's <c>http.server.*</c> and Kestrel's <c>kestrel.*</c>
/// instruments are theirs, so connections are not counted twice. The gauges are read from the
/// snapshot served, worked out once per snapshot when first observed. The first snapshot is built
/// before a host starts its metrics listeners, so reloads are an observable counter of running
/// totals, and the durations of builds nobody heard (at most <see cref="MaxUnheardReloads"/>) are
/// recorded when a listener first collects.
/// </summary>
internal sealed class IngressMetrics : ISnapshotObserver
{
    /// <summary>At most this many Service ports get a ready-endpoints series (OpenTelemetry's default limit per metric).</summary>
    public const int MaxEndpointSeries = 2000;

    /// <summary>At most this many reload durations are kept for a listener that comes later.</summary>
    public const int MaxUnheardReloads = 64;

    public const string IngressTag = "ingresscore.ingress";
    public const string ServiceTag = "ingresscore.service";
    public const string StatusClassTag = "ingresscore.status_class";
    public const string RebuiltTag = "ingresscore.rebuilt";
    public const string ErrorTypeTag = "error.type";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    // ASP.NET Core's buckets for http.server.request.duration, so the two histograms line up.
    private static readonly double[] RequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private static readonly double[] ReloadBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _upstreamDuration;
    private readonly ConcurrentDictionary<KeyValuePair<string, object?>, long> _reloads = new();
    private readonly Histogram<double> _reloadDuration;
    private readonly Lock _unheardGate = new();
    private List<(KeyValuePair<string, object?> Tag, double Seconds)>? _unheard = [];
    private volatile IngressSnapshot? _snapshot;
    private volatile SnapshotFigures? _figures;

    public IngressMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(IngressTelemetry.MeterName)
        {
            Version = typeof(IngressMetrics).Assembly.GetName().Version?.ToString(),
        });
        _requests = meter.CreateCounter<long>(
            "ingresscore.requests", "{request}", "Requests answered by the Ingress routing, by Ingress, Service and status class.");
        _upstreamDuration = meter.CreateHistogram(
            "ingresscore.upstream.duration",
            "s",
            "How long the upstream took to answer, from the first connection attempt to the response's last byte (nginx's $upstream_response_time).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBuckets });
        meter.CreateObservableCounter(
            "ingresscore.reloads",
            ObserveReloads,
            "{reload}",
            "Snapshots built from the sources' objects (the first included), by what was rebuilt; failed builds carry error.type.");
        _reloadDuration = meter.CreateHistogram(
            "ingresscore.reload.duration",
            "s",
            "How long building a snapshot took, reading the sources included.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReloadBuckets });
        meter.CreateObservableGauge(
            "ingresscore.config.errors", ObserveErrors, "{error}", "Errors in the served snapshot's diagnostics: objects refused or not readable.");
        meter.CreateObservableGauge(
            "ingresscore.endpoints.ready", ObserveReadyEndpoints, "{endpoint}", "Ready endpoints of each Service port the served routes send to.");
    }

    /// <summary>Whether a request's figures are wanted by anyone.</summary>
    public bool RequestsObserved => _requests.Enabled || _upstreamDuration.Enabled;

    /// <summary>Counts a request answered with <paramref name="status"/> and records its upstream's time.</summary>
    /// <param name="route">The route whose backend took the request, or <see langword="null"/>.</param>
    /// <param name="status">The response's status.</param>
    /// <param name="upstream">What the backend step recorded, or <see langword="null"/>.</param>
    public void RequestCompleted(Route? route, int status, IngressUpstreamFeature? upstream)
    {
        var names = route?.Names;
        if (_requests.Enabled)
        {
            var tags = default(TagList);
            if (names is not null)
            {
                tags.Add(IngressTag, names.Ingress);
                tags.Add(ServiceTag, names.Service);
            }

            tags.Add(StatusClassTag, StatusClass(status));
            _requests.Add(1, tags);
        }

        if (_upstreamDuration.Enabled && upstream?.Duration is { } duration)
        {
            _upstreamDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(ServiceTag, names?.Service ?? upstream.Service));
        }
    }

    public void Built(IngressSnapshot snapshot, string rebuilt, TimeSpan duration)
    {
        _snapshot = snapshot;
        Reloaded(new KeyValuePair<string, object?>(RebuiltTag, rebuilt), duration);
    }

    public void Failed(Exception exception, TimeSpan duration)
    {
        Reloaded(new KeyValuePair<string, object?>(ErrorTypeTag, exception.GetType().FullName), duration);
    }

    /// <summary><c>2xx</c> for 200 to 299, and so on; <c>other</c> outside 100 to 599.</summary>
    internal static string StatusClass(int status) =>
        status is >= 100 and <= 599 ? StatusClasses[(status / 100) - 1] : "other";

    private void Reloaded(KeyValuePair<string, object?> tag, TimeSpan duration)
    {
        _reloads.AddOrUpdate(tag, 1, static (_, count) => count + 1);
        if (!_reloadDuration.Enabled)
        {
            lock (_unheardGate)
            {
                if (_unheard is { Count: < MaxUnheardReloads })
                {
                    _unheard.Add((tag, duration.TotalSeconds));
                }
            }

            return;
        }

        RecordUnheard();
        _reloadDuration.Record(duration.TotalSeconds, tag);
    }

    /// <summary>Records the durations of the builds that ran before anyone listened, once someone does.</summary>
    private void RecordUnheard()
    {
        if (_unheard is null || !_reloadDuration.Enabled)
        {
            return;
        }

        List<(KeyValuePair<string, object?> Tag, double Seconds)>? unheard;
        lock (_unheardGate)
        {
            unheard = _unheard;
            _unheard = null;
        }

        foreach (var (tag, seconds) in unheard ?? [])
        {
            _reloadDuration.Record(seconds, tag);
        }
    }

    private IEnumerable<Measurement<long>> ObserveReloads()
    {
        RecordUnheard();
        return [.. _reloads.Select(static r => new Measurement<long>(r.Value, r.Key))];
    }

    private Measurement<long> ObserveErrors()
    {
        RecordUnheard();
        return Figures()?.Errors ?? new Measurement<long>(0);
    }

    private IEnumerable<Measurement<long>> ObserveReadyEndpoints()
    {
        RecordUnheard();
        return Figures()?.ReadyEndpoints ?? [];
    }

    private SnapshotFigures? Figures()
    {
        if (_snapshot is not { } snapshot)
        {
            return null;
        }

        var figures = _figures;
        if (figures is null || !ReferenceEquals(figures.Snapshot, snapshot))
        {
            _figures = figures = new SnapshotFigures(snapshot);
        }

        return figures;
    }

    /// <summary>What the gauges report for one snapshot: it never changes, so it is worked out once.</summary>
    private sealed class SnapshotFigures
    {
        public SnapshotFigures(IngressSnapshot snapshot)
        {
            Snapshot = snapshot;
            Errors = new Measurement<long>(snapshot.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var ready = new List<Measurement<long>>();
            foreach (var served in snapshot.Routes.Routes)
            {
                foreach (var route in (ReadOnlySpan<Route?>)[served, served.Canary])
                {
                    if (route is null || route.Backend.ServiceName is null || ready.Count >= MaxEndpointSeries || !seen.Add(route.Names.Service))
                    {
                        continue;
                    }

                    var endpoints = snapshot.Services.Resolve(route.Namespace, route.Backend);
                    ready.Add(new Measurement<long>(endpoints.ReadyCount, new KeyValuePair<string, object?>(ServiceTag, route.Names.Service)));
                }
            }

            ReadyEndpoints = [.. ready];
        }

        public IngressSnapshot Snapshot { get; }

        public Measurement<long> Errors { get; }

        public Measurement<long>[] ReadyEndpoints { get; }
    }
}
