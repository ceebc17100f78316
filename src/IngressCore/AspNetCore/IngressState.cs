using IngressCore.AspNetCore.Policies;
using IngressCore.Building;
using IngressCore.Matching;
using IngressCore.Model;
using IngressCore.Pipeline;
using IngressCore.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngressCore.AspNetCore;

/// <summary>
/// Everything <c>AddIngressRouting</c> sets up, in one place: the route table source, the
/// certificate source (rebuilt from the served Ingresses whenever the table changes, so the two
/// always agree on which hosts have TLS), the redirect policy, the HSTS value, the trusted
/// proxies, the rate-limit zones, and the reload that refreshes them together.
/// </summary>
internal sealed partial class IngressState : IDisposable
{
    private readonly IngressRoutingOptions _options;
    private readonly ILogger<IngressState> _logger;
    private readonly Lock _reloadGate = new();
    private readonly Lock _certificateGate = new();
    private readonly string[] _watchPaths;
    private IngressObjects? _loaded;
    private string? _loadedFingerprint;
    private IReadOnlyList<TlsSecret> _secrets;
    private volatile SniCertificateSource? _certificates;
    private volatile PassthroughHosts _passthrough = PassthroughHosts.Empty;

    public IngressState(IOptions<IngressRoutingOptions> options, ILogger<IngressState> logger)
    {
        _options = options.Value;
        _logger = logger;
        Policy = new SslRedirectPolicy
        {
            SslRedirect = _options.SslRedirect,
            ForceSslRedirect = _options.ForceSslRedirect,
            PreserveTrailingSlash = _options.PreserveTrailingSlash,
            StatusCode = _options.HttpRedirectCode,
            NoTlsRedirectLocations = [.. _options.NoTlsRedirectLocations],
        };
        Decider = new IngressRequestDecider(Policy, _options.CanaryRandom);
        HstsHeaderValue = _options.Hsts.ToHeaderValue();
        Proxies = new TrustedProxies(_options.TrustedProxies, _options.TrustedNetworks);
        _secrets = [.. _options.TlsSecrets];
        _watchPaths = [.. _options.WatchPaths.Select(Path.GetFullPath)];
        Routes = CreateRoutes();
        RebuildPassthrough(Routes.Current);

        // Whoever swaps the table (a reload here, or the owner of a RouteTableSource given in the
        // options), the certificates and the passthrough hosts follow it.
        Routes.Changed += (_, table) =>
        {
            RebuildCertificates(table);
            RebuildPassthrough(table);
        };
        RateLimits = new RateLimitZones(
            Routes,
            LimitStatus(_options.LimitRequestStatusCode, nameof(IngressRoutingOptions.LimitRequestStatusCode)),
            LimitStatus(_options.LimitConnectionStatusCode, nameof(IngressRoutingOptions.LimitConnectionStatusCode)));
        ProxyBodySize = _options.ProxyBodySize is null or >= 0
            ? _options.ProxyBodySize
            : throw new ArgumentOutOfRangeException(nameof(options), _options.ProxyBodySize, "ProxyBodySize must not be negative.");
        PassthroughClientHelloTimeout = _options.PassthroughClientHelloTimeout > TimeSpan.Zero
            ? _options.PassthroughClientHelloTimeout
            : throw new ArgumentOutOfRangeException(nameof(options), _options.PassthroughClientHelloTimeout, "PassthroughClientHelloTimeout must be positive.");
    }

    /// <summary>How long a passthrough listener waits for a connection's whole ClientHello (<see cref="IngressRoutingOptions.PassthroughClientHelloTimeout"/>).</summary>
    public TimeSpan PassthroughClientHelloTimeout { get; }

    public RouteTableSource Routes { get; }

    public SslRedirectPolicy Policy { get; }

    public IngressRequestDecider Decider { get; }

    public string? HstsHeaderValue { get; }

    public TrustedProxies Proxies { get; }

    /// <summary>The rate-limit zones of the served Ingresses (research/nginx-semantics.md §4.12).</summary>
    public RateLimitZones RateLimits { get; }

    /// <summary>The request body limit of locations without <c>proxy-body-size</c>, or <see langword="null"/>.</summary>
    public long? ProxyBodySize { get; }

    /// <summary>The ssl-passthrough hosts of the current table; read once per connection by the passthrough middleware.</summary>
    public PassthroughHosts Passthrough => _passthrough;

    /// <summary>Whether <see cref="Reload"/> has something to do: a loader, and a table this state owns.</summary>
    public bool CanReload => _options.Load is not null && _options.RouteTableSource is null && _options.RouteTable is null;

    /// <summary>The watched files and folders, as full paths.</summary>
    public IReadOnlyList<string> WatchPaths => _watchPaths;

    /// <summary>
    /// The certificate source, built from the table's Ingresses and the Secrets on first use (by a
    /// TLS listener or the first request). Cheap without Secrets: the generated default
    /// certificate is a P-256 key made once per process.
    /// </summary>
    public SniCertificateSource Certificates
    {
        get
        {
            if (_certificates is { } created)
            {
                return created;
            }

            lock (_certificateGate)
            {
                if (_certificates is null)
                {
                    var store = SniCertificateStore.Build(Routes.Current.Ingresses, _secrets, _options.CertificateStoreOptions);
                    LogDiagnostics(store.Diagnostics);
                    _certificates = new SniCertificateSource(store);
                }

                return _certificates;
            }
        }
    }

    /// <summary>
    /// Runs the loader again and swaps in the new table and certificate store. What could not be
    /// read or was refused keeps its last good version; a loader that throws changes nothing.
    /// </summary>
    /// <returns>The table now served.</returns>
    public RouteTable Reload()
    {
        if (!CanReload)
        {
            return Routes.Current;
        }

        lock (_reloadGate)
        {
            _loadedFingerprint = ManifestFingerprint.Compute(_watchPaths);
            return ReloadLocked();
        }
    }

    /// <summary>
    /// Reloads when the watched files differ from what the last load read (names, sizes, times).
    /// The comparison is with the state of the files taken just before that load, so a change
    /// made while a load runs, or before the watcher started, is never taken as already loaded.
    /// </summary>
    /// <returns>Whether a reload ran.</returns>
    public bool ReloadIfChanged()
    {
        if (!CanReload)
        {
            return false;
        }

        lock (_reloadGate)
        {
            var current = ManifestFingerprint.Compute(_watchPaths);
            if (current == _loadedFingerprint)
            {
                return false;
            }

            _loadedFingerprint = current;
            LogReloading();
            ReloadLocked();
            return true;
        }
    }

    private RouteTable ReloadLocked()
    {
        if (TryLoad() is not { } loaded)
        {
            return Routes.Current;
        }

        var objects = LastGoodObjects.CarryOver(_loaded, loaded);
        lock (_certificateGate)
        {
            _secrets = objects.TlsSecrets;
        }

        // Raises Routes.Changed, which rebuilds the certificates with the new Secrets and the
        // passthrough hosts with the new Services and endpoints.
        _loaded = objects;
        var table = Routes.Reload(objects.Ingresses);
        LogLoaded(objects, table);
        return table;
    }

    public void Dispose() => RateLimits.Dispose();

    private static int LimitStatus(int status, string option) =>
        status is >= 400 and <= 599
            ? status
            : throw new ArgumentOutOfRangeException(option, status, "A rate-limit status must be 400-599.");

    private void RebuildPassthrough(RouteTable table)
    {
        // The Services and endpoints of the last load (none without a loader).
        var objects = _loaded;
        var hosts = PassthroughHosts.Build(table, objects?.Services ?? [], objects?.Endpoints ?? []);
        LogDiagnostics(hosts.Diagnostics);
        _passthrough = hosts;
    }

    private void RebuildCertificates(RouteTable table)
    {
        lock (_certificateGate)
        {
            if (_certificates is not { } certificates)
            {
                return;
            }

            try
            {
                // Reload reuses every certificate whose Secret is unchanged, chain context and all.
                var store = certificates.Reload(table.Ingresses, _secrets);
                LogDiagnostics(store.Diagnostics);
            }
#pragma warning disable CA1031 // A reload must never take the gateway down; the current store keeps serving.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogStoreFailed(e);
            }
        }
    }

    private RouteTableSource CreateRoutes()
    {
        if (_options.RouteTableSource is { } source)
        {
            return source;
        }

        if (_options.RouteTable is { } fixedTable)
        {
            return new RouteTableSource(fixedTable);
        }

        var routeOptions = new RouteTableOptions
        {
            IngressClass = _options.IngressClass,
            IgnoreClassless = _options.IgnoreClassless,
        };
        IngressObjects objects;
        if (_options.Load is not null)
        {
            _loadedFingerprint = ManifestFingerprint.Compute(_watchPaths);
            objects = TryLoad() ?? new IngressObjects();
            _loaded = objects;
            _secrets = objects.TlsSecrets;
        }
        else
        {
            objects = new IngressObjects { Ingresses = [.. _options.Ingresses], TlsSecrets = _secrets };
        }

        var table = new RouteTableBuilder(routeOptions).AddRange(objects.Ingresses).Build();
        LogLoaded(objects, table);
        return new RouteTableSource(table);
    }

    private IngressObjects? TryLoad()
    {
        try
        {
            return _options.Load!() ?? throw new InvalidOperationException("the loader returned null");
        }
#pragma warning disable CA1031 // The loader is user code; its failure is logged and the current table kept.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogLoadFailed(e);
            return null;
        }
    }

    private void LogLoaded(IngressObjects objects, RouteTable table)
    {
        var all = objects.Diagnostics.Concat(table.Diagnostics).ToList();
        LogDiagnostics(all);
        var errors = all.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = all.Count(d => d.Severity == DiagnosticSeverity.Warning);
        LogSummary(table.Ingresses.Count, table.Routes.Count, objects.TlsSecrets.Count, errors, warnings);
    }

    private void LogDiagnostics(IEnumerable<IngressDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            var level = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => LogLevel.Error,
                DiagnosticSeverity.Warning => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            LogDiagnostic(level, diagnostic);
        }
    }

    [LoggerMessage(EventId = 1, Message = "{Diagnostic}")]
    private partial void LogDiagnostic(LogLevel level, IngressDiagnostic diagnostic);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "route table: {Ingresses} Ingress(es), {Routes} route(s), {Secrets} TLS Secret(s); {Errors} error(s), {Warnings} warning(s)")]
    private partial void LogSummary(int ingresses, int routes, int secrets, int errors, int warnings);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "loading the Ingresses failed; the current table keeps serving")]
    private partial void LogLoadFailed(Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "building the certificate store failed; the current certificates keep serving")]
    private partial void LogStoreFailed(Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "manifests changed; reloading")]
    private partial void LogReloading();
}
