using IngressCore.Diagnostics;
using IngressCore.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace IngressCore.Runtime;

/// <summary>
/// Turns the sources' objects into the <see cref="IngressRuntime"/>'s snapshots, off the request
/// path: the first one when it is created (so the server starts with a table), then a new one each
/// time a source's change token fires. Changes that arrive while a snapshot is being built are
/// folded into one more build, never queued one by one. Logs each new diagnostic once and a summary
/// per snapshot, and tells its <see cref="ISnapshotObserver"/>s (the metrics) of every build.
/// </summary>
internal sealed partial class IngressSnapshotManager : IDisposable
{
    private readonly IIngressObjectsProvider[] _providers;
    private readonly SnapshotCompiler _compiler;
    private readonly ILogger<IngressSnapshotManager> _logger;
    private readonly TimeProvider _time;
    private readonly ISnapshotObserver[] _observers;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _gate = new();
    private bool _building;
    private bool _pending;
    private bool _disposed;

    public IngressSnapshotManager(
        IEnumerable<IIngressObjectsProvider> providers,
        IOptions<IngressRoutingOptions> options,
        TimeProvider time,
        ILogger<IngressSnapshotManager> logger,
        IEnumerable<ISnapshotObserver> observers)
    {
        _providers = [.. providers];
        _observers = [.. observers];
        _compiler = new SnapshotCompiler(options.Value);
        _time = time;
        _logger = logger;

        // Subscribe first: ChangeToken.OnChange takes each token before anything reads a snapshot,
        // so a change that lands while the first snapshot is built is built after it.
        lock (_gate)
        {
            _building = true;
        }

        foreach (var provider in _providers)
        {
            _subscriptions.Add(ChangeToken.OnChange(provider.GetChangeToken, OnSourceChanged));
        }

        var (first, ready) = Build(previous: null);
        Runtime = new IngressRuntime(first);
        Runtime.MarkReady(ready);
        FinishBuilding();
    }

    /// <summary>The snapshots, for the middleware, the TLS listener and the forwarder.</summary>
    public IngressRuntime Runtime { get; }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void OnSourceChanged()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_building)
            {
                // The build running now read its snapshots before this change: one more build follows it.
                _pending = true;
                return;
            }

            _building = true;
        }

        Rebuild();
        FinishBuilding();
    }

    /// <summary>Builds again for every change that came in while the last build ran, then stops.</summary>
    private void FinishBuilding()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_pending || _disposed)
                {
                    _building = false;
                    return;
                }

                _pending = false;
            }

            Rebuild();
        }
    }

    private void Rebuild()
    {
        var started = _time.GetTimestamp();
        try
        {
            var (snapshot, ready) = Build(Runtime.Current);
            if (ReferenceEquals(snapshot, Runtime.Current))
            {
                // A source fired with the same objects: nothing to swap in, though a source may have turned ready.
                Runtime.MarkReady(ready);
            }
            else
            {
                Runtime.Swap(snapshot, ready);
            }
        }
#pragma warning disable CA1031 // A failed rebuild must not take the gateway down: the current snapshot keeps serving.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogBuildFailed(e);
            foreach (var observer in _observers)
            {
                observer.Failed(e, _time.GetElapsedTime(started));
            }
        }
    }

    private (IngressSnapshot Snapshot, bool SourcesReady) Build(IngressSnapshot? previous)
    {
        var started = _time.GetTimestamp();

        // Readiness before the objects: a source turns ready after it publishes its first objects,
        // so a source seen ready here has them in the snapshot read next.
        var ready = _providers.All(p => p.IsReady);
        var objects = SourceMerger.Merge([.. _providers.Select(p => p.Snapshot)]);
        var compilation = _compiler.Compile(objects, previous);
        var snapshot = compilation.Snapshot;
        if (compilation.Unchanged)
        {
            return (snapshot, ready); // a source fired but handed out the same objects: nothing to swap in
        }

        LogNewDiagnostics(previous?.Diagnostics ?? [], snapshot.Diagnostics);
        var errors = snapshot.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = snapshot.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        var rebuilt = Rebuilt(compilation);
        var elapsed = _time.GetElapsedTime(started);
        LogSnapshot(
            snapshot.Version,
            snapshot.Routes.Ingresses.Count,
            snapshot.Routes.Routes.Count,
            snapshot.Objects.TlsSecrets.Count,
            snapshot.Services.Services.Count,
            errors,
            warnings,
            rebuilt,
            elapsed.TotalMilliseconds);
        foreach (var observer in _observers)
        {
            observer.Built(snapshot, rebuilt, elapsed);
        }

        return (snapshot, ready);
    }

    private static string Rebuilt(Compilation c) =>
        string.Join('+', new[] { c.RoutesRebuilt ? "routes" : null, c.CertificatesRebuilt ? "certificates" : null, c.ServicesRebuilt ? "services" : null }
            .OfType<string>()
            .DefaultIfEmpty("nothing"));

    /// <summary>Logs the diagnostics the previous snapshot did not have: a change is reported once, not on every rebuild.</summary>
    private void LogNewDiagnostics(IReadOnlyList<IngressDiagnostic> before, IReadOnlyList<IngressDiagnostic> now)
    {
        var known = before.Count == 0 ? null : before.ToHashSet();
        foreach (var diagnostic in now)
        {
            if (known is not null && known.Contains(diagnostic))
            {
                continue;
            }

            var level = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => LogLevel.Error,
                DiagnosticSeverity.Warning => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            LogDiagnostic(level, diagnostic);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Diagnostic", Message = "{Diagnostic}")]
    private partial void LogDiagnostic(LogLevel level, IngressDiagnostic diagnostic);

    [LoggerMessage(EventId = 2, EventName = "SnapshotBuilt", Level = LogLevel.Information,
        Message = "snapshot {Version}: {Ingresses} Ingress(es), {Routes} route(s), {Secrets} TLS Secret(s), {Services} Service(s); {Errors} error(s), {Warnings} warning(s); rebuilt {Rebuilt} in {Milliseconds:0.#} ms")]
    private partial void LogSnapshot(long version, int ingresses, int routes, int secrets, int services, int errors, int warnings, string rebuilt, double milliseconds);

    [LoggerMessage(EventId = 3, EventName = "SnapshotBuildFailed", Level = LogLevel.Error, Message = "building a new snapshot failed; the current one keeps serving")]
    private partial void LogBuildFailed(Exception exception);
}
