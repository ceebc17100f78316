using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// A source of objects read from a Kubernetes API server and followed as they change: it lists
/// and watches Ingresses, IngressClasses, Services, EndpointSlices, <c>kubernetes.io/tls</c> and
/// <c>Opaque</c> Secrets and (optionally) ConfigMaps, in one namespace or all, and publishes a snapshot after
/// each burst of changes (<see cref="KubernetesClusterOptions.Debounce"/>). Unchanged objects are
/// handed on as the very same instances, so a change to Services or EndpointSlices alone does not
/// rebuild the route table. What <c>LoadFromKubernetes(…)</c> registers.
/// </summary>
/// <remarks>
/// <see cref="StartAsync"/> returns once every kind has been listed, so a host built on this
/// source starts serving with the cluster's objects; it throws
/// <see cref="KubernetesClusterException"/> when the API server cannot be reached in
/// <see cref="KubernetesClusterOptions.StartTimeout"/>. Objects the model cannot hold are refused
/// with the same diagnostics as in manifests, naming the object by its URL on the server.
/// </remarks>
public sealed partial class KubernetesClusterProvider : IIngressObjectsProvider, IHostedService, IDisposable
{
    private readonly KubernetesClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Not ready until the first lists are published: the runtime's readiness (/readyz) waits for them.
    private readonly InMemoryIngressObjectsProvider _published = InMemoryIngressObjectsProvider.CreatePending();

    // Changes not yet published, guarded by _gate.
    private readonly Lock _gate = new();
    private long _changes;
    private long _publishedChanges = -1;
    private long _lastChange;
    private readonly ChangeSignal _changed = new();

    private ApiClient? _api;
    private Stores? _stores;
    private ResourceWatcher[] _watchers = [];
    private CancellationTokenSource? _stopping;
    private Task[] _loops = [];

    /// <summary>Checks the options; call <see cref="StartAsync"/> to connect and list.</summary>
    /// <param name="options">Where the API server is, what is read, and how it is followed.</param>
    /// <param name="time">The clock for the debounce, the backoff and the timeouts; the system's when <see langword="null"/>.</param>
    /// <param name="logger">Where retries, relists and the first list's summary are logged.</param>
    /// <exception cref="OptionsValidationException">A setting is out of range.</exception>
    public KubernetesClusterProvider(KubernetesClusterOptions options, TimeProvider? time = null, ILogger<KubernetesClusterProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new KubernetesClusterOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(KubernetesClusterOptions), typeof(KubernetesClusterOptions), result.Failures);
        }

        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public IngressObjects Snapshot => _published.Snapshot;

    /// <summary>The API server's URL, once started.</summary>
    public string? Server => _api?.Origin;

    /// <summary>Raised when an Ingress's <c>status.loadBalancer</c> changed on the server (and nothing else of it did).</summary>
    internal event Action? IngressStatusChanged;

    /// <summary>How many changes the watches have brought so far (for tests that must know a change arrived before they move a fake clock).</summary>
    internal long ChangesSeen
    {
        get
        {
            lock (_gate)
            {
                return _changes;
            }
        }
    }

    /// <summary>The client, once started: what the status publisher writes with.</summary>
    internal ApiClient? Api => _api;

    /// <inheritdoc />
    public IChangeToken GetChangeToken() => _published.GetChangeToken();

    /// <inheritdoc />
    public bool IsReady => _published.IsReady;

    /// <summary>
    /// Connects, lists every kind, publishes the first snapshot, then follows the watches. Returns
    /// once the first snapshot is published.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the first lists (the host's start was cancelled).</param>
    /// <returns>A task that completes when the first snapshot is published.</returns>
    /// <exception cref="KubernetesClusterException">The kubeconfig cannot be used, or the API server was not reached in time.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_api is not null)
        {
            return;
        }

        var api = ApiClient.Create(_options);
        var stores = new Stores(api.Origin, _options);
        foreach (var store in stores.All)
        {
            store.Changed += OnChanged;
        }

        stores.Ingresses.StatusChanged += () => IngressStatusChanged?.Invoke();
        _api = api;
        _stores = stores;
        _stopping = new CancellationTokenSource();
        var stopping = _stopping.Token;
        _watchers = [.. stores.Watched.Select(s => new ResourceWatcher(api, s, _options, _time, _logger))];
        _loops = [.. _watchers.Select(w => Task.Run(() => w.RunAsync(stopping), CancellationToken.None))];

        try
        {
            await Task.WhenAll(_watchers.Select(w => w.Synced)).WaitAsync(_options.StartTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await StopLoopsAsync().ConfigureAwait(false);
            throw new KubernetesClusterException(Unreachable());
        }
        catch (OperationCanceledException)
        {
            await StopLoopsAsync().ConfigureAwait(false);
            throw;
        }

        Publish();
        var objects = Snapshot;
        LogListed(api.Origin, objects.Ingresses.Count, objects.Services.Count, objects.EndpointSlices.Count, objects.TlsSecrets.Count, objects.Diagnostics.Count);
        _loops = [.. _loops, Task.Run(() => PublishChangesAsync(stopping), CancellationToken.None)];
    }

    /// <summary>Stops the watches; the last snapshot stays.</summary>
    /// <param name="cancellationToken">Stops waiting for the loops to end.</param>
    /// <returns>A task that completes when the loops have ended.</returns>
    public Task StopAsync(CancellationToken cancellationToken) => StopLoopsAsync().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        // Registered under three service types, so the container may dispose it more than once.
        _stopping?.Cancel();
        _api?.Dispose();
    }

    /// <summary>The Ingress's <c>status.loadBalancer.ingress</c> addresses (comma-separated) when the cluster holds it.</summary>
    internal bool TryGetIngressStatus(string ns, string name, out string status)
    {
        status = string.Empty;
        return _stores is { } stores && stores.Ingresses.TryGetStatus(new ObjectKey(ns, name), out status);
    }

    private async Task StopLoopsAsync()
    {
        if (_stopping is { } stopping)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Why the start failed: the server, and each kind's last failure (most often the same one).</summary>
    private string Unreachable()
    {
        var reasons = _watchers
            .Where(w => !w.Synced.IsCompleted)
            .GroupBy(w => w.Failure ?? "no answer yet")
            .Select(g => $"{string.Join(", ", g.Select(w => w.Kind.GroupResource))}: {g.Key}");
        return $"cannot reach the Kubernetes API server at {_api!.Origin} within {_options.StartTimeout.TotalSeconds:0.###} s ({string.Join("; ", reasons)})";
    }

    private void OnChanged()
    {
        lock (_gate)
        {
            _changes++;
            _lastChange = _time.GetTimestamp();
        }

        _changed.Set();
    }

    /// <summary>Publishes after each burst: once the cluster is quiet for the debounce, or the burst has lasted the longest debounce.</summary>
    private async Task PublishChangesAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await _changed.WaitAsync(stopping).ConfigureAwait(false);
                var first = _time.GetTimestamp();
                while (_options.Debounce > TimeSpan.Zero)
                {
                    long last;
                    lock (_gate)
                    {
                        last = _lastChange;
                    }

                    var quiet = _options.Debounce - _time.GetElapsedTime(last);
                    var longest = _options.MaxDebounce - _time.GetElapsedTime(first);
                    var wait = quiet < longest ? quiet : longest;
                    if (wait <= TimeSpan.Zero)
                    {
                        break;
                    }

                    await Task.Delay(wait, _time, stopping).ConfigureAwait(false);
                }

                Publish();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Publishes what the stores hold, when it changed since the last publication.</summary>
    private void Publish()
    {
        long changes;
        lock (_gate)
        {
            changes = _changes;
            if (changes == _publishedChanges)
            {
                return;
            }

            _publishedChanges = changes;
        }

        var stores = _stores!;
        try
        {
            _published.Update(new IngressObjects
            {
                Ingresses = stores.Ingresses.Items,
                IngressClasses = stores.IngressClasses.Items,
                Services = stores.Services.Items,
                EndpointSlices = stores.EndpointSlices.Items,
                TlsSecrets = stores.Secrets.Items,
                Secrets = stores.OpaqueSecrets.Items,
                ConfigMaps = stores.ConfigMaps.Items,
                Diagnostics = [.. stores.All.SelectMany(s => s.Diagnostics)],
            });
        }
#pragma warning disable CA1031 // A failure in a subscriber must not end the watch: the last snapshot keeps serving.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            LogPublishFailed(e);
        }
    }

    [LoggerMessage(EventId = 25, Level = LogLevel.Information,
        Message = "listed {Server}: {Ingresses} Ingress(es), {Services} Service(s), {Slices} EndpointSlice(s), {Secrets} TLS Secret(s); {Diagnostics} diagnostic(s)")]
    private partial void LogListed(string server, int ingresses, int services, int slices, int secrets, int diagnostics);

    [LoggerMessage(EventId = 26, Level = LogLevel.Error, Message = "publishing the cluster's objects failed; the last snapshot keeps serving")]
    private partial void LogPublishFailed(Exception exception);

    /// <summary>One store per kind, and the kinds watched.</summary>
    private sealed class Stores
    {
        public Stores(string origin, KubernetesClusterOptions options)
        {
            Ingresses = new(ResourceKind.Ingress, origin, ApiObjectConverter.ToIngress, readStatus: true);
            IngressClasses = new(ResourceKind.IngressClass, origin, ApiObjectConverter.ToIngressClass);
            Services = new(ResourceKind.Service, origin, ApiObjectConverter.ToService);
            EndpointSlices = new(ResourceKind.EndpointSlice, origin, ApiObjectConverter.ToEndpointSlice);
            Secrets = new(ResourceKind.Secret with { LabelSelector = options.SecretLabelSelector }, origin, ApiObjectConverter.ToTlsSecret);
            OpaqueSecrets = new(ResourceKind.OpaqueSecret with { LabelSelector = options.SecretLabelSelector }, origin, ApiObjectConverter.ToSecret);
            ConfigMaps = new(ResourceKind.ConfigMap, origin, ApiObjectConverter.ToConfigMap);
            All = [Ingresses, IngressClasses, Services, EndpointSlices, Secrets, OpaqueSecrets, ConfigMaps];
            Watched = options.WatchConfigMaps ? All : [.. All.Where(s => s != ConfigMaps)];
        }

        public ResourceStore<IngressDefinition> Ingresses { get; }

        public ResourceStore<IngressClassDefinition> IngressClasses { get; }

        public ResourceStore<ServiceDefinition> Services { get; }

        public ResourceStore<EndpointSliceDefinition> EndpointSlices { get; }

        public ResourceStore<TlsSecret> Secrets { get; }

        public ResourceStore<SecretDefinition> OpaqueSecrets { get; }

        public ResourceStore<ConfigMapDefinition> ConfigMaps { get; }

        public IReadOnlyList<ResourceStore> All { get; }

        public IReadOnlyList<ResourceStore> Watched { get; }
    }
}
