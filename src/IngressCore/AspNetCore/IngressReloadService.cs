using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngressCore.AspNetCore;

/// <summary>
/// Watches <see cref="IngressRoutingOptions.WatchPaths"/> and reloads when they change: file-system
/// events, debounced because editors and <c>kubectl cp</c> write in several steps, plus a periodic
/// check for the file systems where events get lost. Either way a reload runs only when the files
/// differ from what the last load read (<see cref="IngressState.ReloadIfChanged"/>).
/// </summary>
internal sealed partial class IngressReloadService(
    IngressState state,
    IOptions<IngressRoutingOptions> options,
    TimeProvider time,
    ILogger<IngressReloadService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, 1);
    private long _lastEvent;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!state.CanReload || state.WatchPaths.Count == 0)
        {
            return;
        }

        var watchers = state.WatchPaths.Select(Watch).OfType<FileSystemWatcher>().ToList();
        var interval = settings.ReloadCheckInterval > TimeSpan.Zero ? settings.ReloadCheckInterval : Timeout.InfiniteTimeSpan;
        try
        {
            // ExecuteAsync runs on its own (since .NET 10 even its first part): files may have
            // changed between the first load and the watchers starting.
            state.ReloadIfChanged();
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await _changed.WaitAsync(interval, stoppingToken).ConfigureAwait(false))
                {
                    await QuietAsync(settings.ReloadDebounce, stoppingToken).ConfigureAwait(false);
                }

                state.ReloadIfChanged();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                watcher.Dispose();
            }
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    /// <summary>Waits until no event has arrived for <paramref name="debounce"/>.</summary>
    private async Task QuietAsync(TimeSpan debounce, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(debounce, time, cancellationToken).ConfigureAwait(false);
            var since = time.GetElapsedTime(Interlocked.Read(ref _lastEvent));
            if (since >= debounce)
            {
                return;
            }
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
            watcher.Changed += (_, _) => Signal();
            watcher.Created += (_, _) => Signal();
            watcher.Deleted += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
            watcher.Error += (_, _) => Signal();
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

    private void Signal()
    {
        Interlocked.Exchange(ref _lastEvent, time.GetTimestamp());
        try
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled by a concurrent event.
        }
        catch (ObjectDisposedException)
        {
            // An event raced the shutdown.
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{Path} is not watched for changes: its folder does not exist; the periodic check still looks")]
    private partial void LogNotWatched(string path);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Path} could not be watched for changes; the periodic check still looks")]
    private partial void LogWatchFailed(string path, Exception exception);
}
