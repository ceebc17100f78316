using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IngressCore.IntegrationTests.Support;

/// <summary>Keeps the gateway's IngressCore log lines, so a failing test can show what the gateway did.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Arrivals<Entry> _entries = new();

    public string Text => string.Join('\n', _lines);

    /// <summary>Every event as logged: category, event, structured fields and message.</summary>
    public IReadOnlyList<Entry> Entries => _entries.Items;

    /// <summary>The events of one category.</summary>
    public IReadOnlyList<Entry> Of(string category) => [.. Entries.Where(e => e.Category == category)];

    /// <summary>
    /// Waits for an event that satisfies <paramref name="match"/> (an access-log line is written
    /// when the response completes, which may be after the client has read it).
    /// </summary>
    public async Task<Entry> WaitForAsync(Func<Entry, bool> match, TimeSpan timeout) =>
        (await _entries.WaitForAsync(match, timeout, () => "no such log event; logged:\n" + Text))[0];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => category.StartsWith("IngressCore", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var message = formatter(state, exception);
                owner._lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}: {message}{(exception is null ? "" : " " + exception)}");
                var fields = state is IReadOnlyList<KeyValuePair<string, object?>> list
                    ? list.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)
                    : [];
                owner._entries.Add(new Entry(category, logLevel, eventId, fields, message));
            }
        }
    }

    /// <summary>One logged event.</summary>
    internal sealed record Entry(string Category, LogLevel Level, EventId EventId, IReadOnlyDictionary<string, object?> Fields, string Message)
    {
        public object? this[string field] => Fields.GetValueOrDefault(field);
    }
}
