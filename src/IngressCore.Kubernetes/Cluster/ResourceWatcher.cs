using System.Buffers;
using System.Globalization;
using System.Text.Json;
using IngressCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// Lists one kind, then watches it from the list's resourceVersion, as client-go's reflector does
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes):
/// every event, bookmarks included, advances the resourceVersion the next watch resumes from; a
/// 410 Gone (the server no longer has that version) lists again; a failed request or a lost
/// connection is retried after a capped exponential backoff; a watch that ends after delivering
/// events (the server's timeout) is resumed at once. An error the API answers for the kind (403,
/// 404) becomes a diagnostic naming the kind and the reason, and the objects last listed stay.
/// </summary>
internal sealed partial class ResourceWatcher
{
    private readonly ApiClient _api;
    private readonly ResourceStore _store;
    private readonly KubernetesClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _failure;
    private string? _resourceVersion;

    public ResourceWatcher(ApiClient api, ResourceStore store, KubernetesClusterOptions options, TimeProvider time, ILogger logger)
    {
        _api = api;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _backoff = new Backoff(options.InitialBackoff, options.MaxBackoff);
    }

    public ResourceKind Kind => _store.Kind;

    /// <summary>
    /// Completes when the kind is settled for the start: listed, or refused by the API with an
    /// answer (403, 404) that a diagnostic now reports. Never completes while the server cannot be
    /// reached or refuses the credentials.
    /// </summary>
    public Task Synced => _synced.Task;

    /// <summary>Why the last list or watch failed, or <see langword="null"/> after a success.</summary>
    public string? Failure => _failure;

    private string Collection => _api.Origin + "/" + Kind.CollectionPath(_options.Namespace);

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (_resourceVersion is null)
                {
                    await ListAsync(stopping).ConfigureAwait(false);
                    _failure = null;
                    _store.SetError(null);
                    _synced.TrySetResult();
                }

                var delivered = await WatchAsync(stopping).ConfigureAwait(false);
                if (_resourceVersion is null || delivered)
                {
                    // Gone: list again now. Or the server ended a watch that worked: resume now.
                    _backoff.Reset();
                    continue;
                }

                // A watch that ends without a single event, bookmarks included, is retried as a
                // failure is: a server that closes every watch at once must not be called in a loop.
                await RetryAsync("the watch ended without an event", stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ApiStatusException e) when (e.IsGone)
            {
                LogGone(Kind.GroupResource, e.Message);
                _resourceVersion = null;
            }
            catch (ApiStatusException e)
            {
                _failure = e.Message;
                if (e.Code != 401)
                {
                    // The server answered: this kind is refused or missing. The other kinds go on.
                    _store.SetError(new IngressDiagnostic
                    {
                        Severity = DiagnosticSeverity.Error,
                        Kind = Kind.Kind,
                        Message = $"the API server refused to list or watch {Kind.GroupResource} in {Kind.Scope(_options.Namespace)}: {e.Message}; " +
                            "the objects last read keep serving, and the source retries (the permissions the source needs: docs/kubernetes.md)",
                        File = Collection,
                    });
                    _synced.TrySetResult();
                }

                await RetryAsync(e.Message, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, stopping))
            {
                _failure = ApiClient.Describe(e);
                await RetryAsync(_failure, stopping).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Anything else is a bug, but must not stop this kind from being followed for good: logged, and retried.
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
#pragma warning restore CA1031
            {
                _failure = ApiClient.Describe(e);
                LogUnexpected(Kind.GroupResource, e);
                await RetryAsync(_failure, stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task RetryAsync(string reason, CancellationToken stopping)
    {
        var wait = _backoff.Next();
        LogRetry(Kind.GroupResource, reason, wait.TotalSeconds);
        await Task.Delay(wait, _time, stopping).ConfigureAwait(false);
    }

    /// <summary>Lists the kind page by page and replaces what the store holds; sets the resourceVersion to watch from.</summary>
    private async Task ListAsync(CancellationToken stopping)
    {
        var listing = _store.BeginListing();
        string? next = null;
        string? version;
        var path = Kind.CollectionPath(_options.Namespace) + "?limit=" + _options.PageSize.ToString(CultureInfo.InvariantCulture) + Kind.SelectorQuery;
        do
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
            var page = path + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
            using var response = await _api.GetAsync(page, linked.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var list = await JsonDocument.ParseAsync(stream, default, linked.Token).ConfigureAwait(false);
                var root = list.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) ||
                    items.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
                {
                    throw new InvalidDataException($"the list of {Kind.GroupResource} is not a List object");
                }

                var metadata = root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
                version = Text(metadata, "resourceVersion");
                next = Text(metadata, "continue");
                if (items.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in items.EnumerateArray())
                    {
                        if (ApiObject.Read(item, Kind, out var problem) is { } o)
                        {
                            listing.Add(o);
                        }
                        else
                        {
                            LogSkipped(problem!);
                        }
                    }
                }
            }
        }
        while (!string.IsNullOrEmpty(next));

        if (string.IsNullOrEmpty(version))
        {
            throw new InvalidDataException($"the list of {Kind.GroupResource} has no metadata.resourceVersion to watch from");
        }

        _store.Commit(listing);
        _resourceVersion = version;
    }

    /// <summary>
    /// Watches from the resourceVersion until the server ends the watch; returns whether any
    /// event (a bookmark too) came. A 410 clears the resourceVersion.
    /// </summary>
    private async Task<bool> WatchAsync(CancellationToken stopping)
    {
        var seconds = (long)_options.WatchTimeout.TotalSeconds;
        var path = Kind.CollectionPath(_options.Namespace) +
            "?watch=true&allowWatchBookmarks=true&resourceVersion=" + Uri.EscapeDataString(_resourceVersion!) +
            "&timeoutSeconds=" + seconds.ToString(CultureInfo.InvariantCulture) + Kind.SelectorQuery;

        // A watch that stays silent past the server's own timeout is a connection lost without a word.
        var silence = _options.WatchTimeout + TimeSpan.FromMinutes(1);
        using var idle = new CancellationTokenSource(silence, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, idle.Token);
        var delivered = false;
        try
        {
            using var response = await _api.GetAsync(path, linked.Token).ConfigureAwait(false);
            _store.SetError(null);
            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await WatchStream.ReadAsync(
                    stream,
                    line =>
                    {
                        var go = Handle(line);
                        if (!delivered)
                        {
                            // The connection works: the next failure starts the backoff from the first wait.
                            delivered = true;
                            _backoff.Reset();
                        }

                        idle.CancelAfter(silence);
                        return go;
                    },
                    linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"no event for {silence.TotalSeconds:0} s; the connection is taken as lost");
        }

        return delivered;
    }

    /// <summary>Applies one watch event; returns <see langword="false"/> when the watch must end (410 Gone).</summary>
    private bool Handle(ReadOnlySequence<byte> line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.ValueKind == JsonValueKind.Object ? Text(root, "type") : null;
        if (type is null || !root.TryGetProperty("object", out var json) || json.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"a watch event of {Kind.GroupResource} has no type or no object");
        }

        switch (type)
        {
            case "ADDED" or "MODIFIED" or "DELETED":
                if (ApiObject.Read(json, Kind, out var problem) is not { } o)
                {
                    LogSkipped(problem!);
                    return true;
                }

                if (type == "DELETED")
                {
                    _store.Remove(o.Key);
                }
                else
                {
                    _store.Upsert(o);
                }

                _resourceVersion = o.ResourceVersion ?? _resourceVersion;
                return true;
            case "BOOKMARK":
                // Nothing changed up to this version: a later watch need not replay what came before it.
                _resourceVersion = json.TryGetProperty("metadata", out var metadata) && Text(metadata, "resourceVersion") is { Length: > 0 } version
                    ? version
                    : _resourceVersion;
                return true;
            case "ERROR":
                var code = json.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 500;
                var error = ApiClient.FromStatus(code, null, json.GetRawText());
                if (error.IsGone)
                {
                    LogGone(Kind.GroupResource, error.Message);
                    _resourceVersion = null;
                    return false;
                }

                throw error;
            default:
                LogUnknownEvent(Kind.GroupResource, Printable.Of(type));
                return true;
        }
    }

    private static bool IsTransient(Exception e, CancellationToken stopping) =>
        e is HttpRequestException or IOException or JsonException or InvalidDataException or TimeoutException ||
        (e is OperationCanceledException && !stopping.IsCancellationRequested);

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "{Resource}: {Reason}; retrying in {Seconds:0.###} s")]
    private partial void LogRetry(string resource, string reason, double seconds);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "{Resource}: the resourceVersion to watch from is gone ({Reason}); listing again")]
    private partial void LogGone(string resource, string reason);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "{Problem}")]
    private partial void LogSkipped(string problem);

    [LoggerMessage(EventId = 27, Level = LogLevel.Error, Message = "{Resource}: the list or watch failed unexpectedly; please report this as a bug")]
    private partial void LogUnexpected(string resource, Exception exception);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "{Resource}: a watch event of unknown type {Type} was ignored")]
    private partial void LogUnknownEvent(string resource, string type);
}
