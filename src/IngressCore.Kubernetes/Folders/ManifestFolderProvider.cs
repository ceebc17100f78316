using IngressCore.Diagnostics;
using IngressCore.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace IngressCore.Kubernetes.Folders;

/// <summary>
/// A source of objects read from manifest files and folders, followed as they change: file-system
/// events, debounced (<see cref="ManifestFolderOptions.Debounce"/>), plus a periodic comparison for
/// the file systems that lose events. Only the files that changed are read again; every other
/// file's objects are handed on as the very same instances, so the runtime rebuilds only what
/// they feed. What <c>LoadFromManifests(…)</c> registers.
/// </summary>
public sealed partial class ManifestFolderProvider : IIngressObjectsProvider, IHostedService, IDisposable
{
    private readonly ManifestFolderOptions _options;
    private readonly string[] _paths;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // The files read, in reading order, guarded by _stateGate (refreshes come from the loop only,
    // but a file-system event asks whether a path is known).
    private readonly Lock _stateGate = new();
    private Dictionary<string, ManifestFile> _files = new(StringComparer.Ordinal);
    private string[] _order = [];
    private IngressDiagnostic[] _pathDiagnostics = [];

    // What this source publishes; the in-memory source does the publishing and its change token.
    private readonly InMemoryIngressObjectsProvider _published = new();

    // Changes seen by the watchers and not yet read, guarded by _eventGate.
    private readonly Lock _eventGate = new();
    private readonly HashSet<string> _pendingFiles = new(StringComparer.Ordinal);
    private bool _pendingAll;
    private long _lastEvent;
    private TaskCompletionSource _signal = NewSignal();

    private readonly List<FileSystemWatcher> _watchers = [];
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    /// <summary>Reads the files now; call <see cref="StartAsync"/> to follow their changes.</summary>
    /// <param name="options">The paths and the watch settings.</param>
    /// <param name="time">The clock for the debounce and the periodic check; the system's when <see langword="null"/>.</param>
    /// <param name="logger">Where failures to watch are logged.</param>
    /// <exception cref="OptionsValidationException">A path does not exist, or a setting is out of range.</exception>
    public ManifestFolderProvider(ManifestFolderOptions options, TimeProvider? time = null, ILogger<ManifestFolderProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ManifestFolderOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(ManifestFolderOptions), typeof(ManifestFolderOptions), result.Failures);
        }

        _options = options;
        _paths = [.. options.Paths];
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Refresh(null);
    }

    /// <inheritdoc />
    public IngressObjects Snapshot => _published.Snapshot;

    /// <summary>The manifest files read, as the paths given led to them, in reading order.</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_stateGate)
            {
                return [.. _order.Select(f => _files[f].Display)];
            }
        }
    }

    /// <inheritdoc />
    public IChangeToken GetChangeToken() => _published.GetChangeToken();

    /// <summary>Starts following the files: the watchers, the debounce and the periodic check.</summary>
    /// <param name="cancellationToken">Not used: starting does not wait.</param>
    /// <returns>A completed task.</returns>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null)
        {
            return Task.CompletedTask;
        }

        foreach (var path in _paths)
        {
            if (Watch(Path.GetFullPath(path)) is { } watcher)
            {
                lock (_eventGate)
                {
                    _watchers.Add(watcher);
                }
            }
        }

        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => FollowAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops following the files; the last snapshot stays.</summary>
    /// <param name="cancellationToken">Stops waiting for the loop to end.</param>
    /// <returns>A task that completes when the loop has ended.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        DisposeWatchers();
        if (_stopping is not { } stopping || _loop is null)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Registered under three service types, so the container may dispose it more than once, and
        // StopAsync may run beside it: the source is cancelled, never disposed (it holds no timer).
        DisposeWatchers();
        _stopping?.Cancel();
    }

    /// <summary>Records a file-system change; the loop reads it after the debounce.</summary>
    /// <param name="fullPath">The file or folder that changed, or <see langword="null"/> when the watcher lost track (re-list everything).</param>
    internal void OnChanged(string? fullPath)
    {
        var all = fullPath is null || NeedsListing(fullPath);
        if (!all && !IsKnown(fullPath!))
        {
            return; // an editor's swap or backup file, or anything else that is not a manifest
        }

        lock (_eventGate)
        {
            if (all)
            {
                _pendingAll = true;
            }
            else
            {
                _pendingFiles.Add(fullPath!);
            }

            _lastEvent = _time.GetTimestamp();
            _signal.TrySetResult();
        }
    }

    private async Task FollowAsync(CancellationToken stopping)
    {
        try
        {
            // Files may have changed between the first read and the watchers starting.
            Refresh(null);
            var poll = _options.PollInterval;
            while (!stopping.IsCancellationRequested)
            {
                Task signal;
                lock (_eventGate)
                {
                    signal = _signal.Task;
                }

                var woke = poll == Timeout.InfiniteTimeSpan
                    ? await Task.WhenAny(signal, Task.Delay(Timeout.InfiniteTimeSpan, stopping)).ConfigureAwait(false)
                    : await Task.WhenAny(signal, Task.Delay(poll, _time, stopping)).ConfigureAwait(false);
                stopping.ThrowIfCancellationRequested();
                if (woke != signal)
                {
                    Refresh(null);
                    continue;
                }

                await QuietAsync(stopping).ConfigureAwait(false);
                HashSet<string>? files;
                bool all;
                lock (_eventGate)
                {
                    all = _pendingAll;
                    files = all || _pendingFiles.Count == 0 ? null : [.. _pendingFiles];
                    _pendingAll = false;
                    _pendingFiles.Clear();
                    _signal = NewSignal();
                }

                if (all || files is not null)
                {
                    Refresh(files);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Waits until no event has arrived for the debounce.</summary>
    private async Task QuietAsync(CancellationToken stopping)
    {
        var debounce = _options.Debounce;
        if (debounce <= TimeSpan.Zero)
        {
            return;
        }

        while (true)
        {
            await Task.Delay(debounce, _time, stopping).ConfigureAwait(false);
            long last;
            lock (_eventGate)
            {
                last = _lastEvent;
            }

            if (_time.GetElapsedTime(last) >= debounce)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Reads again <paramref name="changed"/> (files already known), or, when <see langword="null"/>,
    /// lists every path again and reads the files that are new or whose size or time changed.
    /// Publishes a new snapshot when anything changed.
    /// </summary>
    private void Refresh(HashSet<string>? changed)
    {
        try
        {
            lock (_stateGate)
            {
                var any = changed is null ? RelistLocked() : RereadLocked(changed);
                if (any)
                {
                    _published.Update(ManifestMerge.Merge(_pathDiagnostics, [.. _order.Select(f => _files[f].Set)]).ToObjects());
                }
            }
        }
#pragma warning disable CA1031 // Reading never throws for bad input; anything else is logged and the last snapshot keeps serving.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            LogRefreshFailed(e);
        }
    }

    private bool RelistLocked()
    {
        var diagnostics = new List<IngressDiagnostic>();
        var listed = ManifestFiles.List(_paths, diagnostics);
        var files = new Dictionary<string, ManifestFile>(listed.Count, StringComparer.Ordinal);
        var any = !diagnostics.SequenceEqual(_pathDiagnostics) || listed.Count != _order.Length;
        var unread = new List<(int Index, FileStamp? Stamp)>();
        for (var i = 0; i < listed.Count; i++)
        {
            var (display, full) = listed[i];
            var stamp = FileStamp.Of(full);
            if (_files.TryGetValue(full, out var known) && known.Stamp == stamp && known.Display == display)
            {
                files[full] = known;

                // A file added before the known ones shifts them past the end of the last order
                // (the count differing has set `any` already); `|=` does not short-circuit.
                any |= i >= _order.Length || _order[i] != full;
                continue;
            }

            unread.Add((i, stamp));
        }

        // Reading and parsing a file depends on nothing shared (the last reads are only looked up):
        // a first listing of thousands of files is read on every core.
        var read = new ManifestSet[unread.Count];
        Parallel.For(0, unread.Count, k =>
        {
            var (display, full) = listed[unread[k].Index];
            read[k] = Read(display, full, unread[k].Stamp, _files.GetValueOrDefault(full));
        });
        for (var k = 0; k < unread.Count; k++)
        {
            var (display, full) = listed[unread[k].Index];
            files[full] = new ManifestFile(display, full, unread[k].Stamp, read[k]);
            any = true;
        }

        _files = files;
        _order = [.. listed.Select(f => f.Full)];
        _pathDiagnostics = [.. diagnostics];
        return any;
    }

    private bool RereadLocked(HashSet<string> changed)
    {
        foreach (var full in changed)
        {
            if (!_files.TryGetValue(full, out var known) || !File.Exists(full))
            {
                // Gone, or not listed yet: the order of the files may change, so list them all.
                return RelistLocked();
            }

            // The event says the file changed: read it even if its size and time look the same.
            var stamp = FileStamp.Of(full);
            _files[full] = new ManifestFile(known.Display, full, stamp, Read(known.Display, full, stamp, known));
        }

        return changed.Count > 0;
    }

    /// <summary>
    /// Reads a file. A file that held objects when last read and is empty now is most likely being
    /// rewritten in place: truncated, its new text not written yet (a writer slower than the
    /// debounce, or the periodic check falling in between). Read as it is, it would delete every
    /// object it held until the text arrives, failing each request to their routes meanwhile; it
    /// is an error naming the file instead, so its objects keep their last good version until it
    /// has text again or is deleted (deleting the file is how its objects are removed).
    /// </summary>
    private static ManifestSet Read(string display, string full, FileStamp? stamp, ManifestFile? known)
    {
        var set = ManifestLoader.ReadFile(display, full);
        // A file still empty at the next read held objects too: its last read was this very error.
        var held = known is not null &&
            (HasObjects(known.Set) || known.Set.Diagnostics.Any(d => d.Message == EmptyFileMessage));
        if (stamp is not { Length: 0 } || !held || HasObjects(set) || set.Diagnostics.Count > 0)
        {
            return set;
        }

        return new ManifestSet(
            [], [], [], [], [], [],
            [new IngressDiagnostic
            {
                Severity = DiagnosticSeverity.Error,
                File = display,
                Message = EmptyFileMessage,
            }],
            set.Files,
            []);
    }

    private const string EmptyFileMessage =
        "the file is empty (still being written?): the objects it held keep their last good version until it has text again; delete the file to remove them";

    private static bool HasObjects(ManifestSet set) =>
        set.Ingresses.Count + set.IngressClasses.Count + set.Certificates.Count + set.Services.Count + set.EndpointSlices.Count + set.ConfigMaps.Count > 0;

    private bool IsKnown(string fullPath)
    {
        lock (_stateGate)
        {
            return _files.ContainsKey(fullPath);
        }
    }

    /// <summary>
    /// Whether a change at <paramref name="fullPath"/> needs the paths listed again: a new manifest
    /// file, a folder created, or a folder that held files removed or renamed.
    /// </summary>
    private bool NeedsListing(string fullPath)
    {
        var name = Path.GetFileName(fullPath);
        if (name.StartsWith('.') || IsKnown(fullPath))
        {
            return false;
        }

        if (ManifestFiles.IsManifestName(name) || Directory.Exists(fullPath))
        {
            return true;
        }

        var folder = fullPath.EndsWith(Path.DirectorySeparatorChar) ? fullPath : fullPath + Path.DirectorySeparatorChar;
        lock (_stateGate)
        {
            return _order.Any(f => f.StartsWith(folder, StringComparison.Ordinal));
        }
    }

    private FileSystemWatcher? Watch(string path)
    {
        try
        {
            var isFolder = Directory.Exists(path);
            var folder = isFolder ? path : Path.GetDirectoryName(path);
            if (folder is null || !Directory.Exists(folder))
            {
                LogNotWatched(path);
                return null;
            }

            // A single file is watched through its folder, so a replace-by-rename (how most
            // editors save) is seen as well as an in-place write.
            var watcher = isFolder
                ? new FileSystemWatcher(folder) { IncludeSubdirectories = true }
                : new FileSystemWatcher(folder, Path.GetFileName(path));
            watcher.NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size;
            watcher.Changed += (_, e) => OnChanged(e.FullPath);
            watcher.Created += (_, e) => OnChanged(e.FullPath);
            watcher.Deleted += (_, e) => OnChanged(e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                OnChanged(e.OldFullPath);
                OnChanged(e.FullPath);
            };
            watcher.Error += (_, _) => OnChanged(null);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Out of inotify instances, say: the periodic check still sees changes.
            LogWatchFailed(path, e);
            return null;
        }
    }

    private void DisposeWatchers()
    {
        FileSystemWatcher[] watchers;
        lock (_eventGate)
        {
            watchers = [.. _watchers];
            _watchers.Clear();
        }

        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{Path} is not watched for changes: its folder does not exist; the periodic check still looks")]
    private partial void LogNotWatched(string path);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Path} could not be watched for changes; the periodic check still looks")]
    private partial void LogWatchFailed(string path, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "reading the manifest files again failed; the last objects read keep serving")]
    private partial void LogRefreshFailed(Exception exception);
}
