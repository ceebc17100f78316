using System.Globalization;
using IngressCore.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace IngressCore.Cli.Commands;

/// <summary>
/// <c>serve</c>'s log lines: <c>HH:mm:ss severity: message</c>, the way <c>validate</c> prints
/// diagnostics, without the category and event id a library log carries; the access log as
/// <c>HH:mm:ss access: client "METHOD host/target" status bytes time</c> and then only the parts a
/// request has (<see cref="WriteAccess"/>).
/// </summary>
internal sealed class ServeLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "ingresscore";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        if (logEntry.Category == IngressTelemetry.AccessLogCategory && logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            textWriter.Write(DateTime.Now.ToString("HH:mm:ss ", CultureInfo.InvariantCulture));
            WriteAccess(fields, textWriter);
            return;
        }

        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var level = logEntry.LogLevel switch
        {
            LogLevel.Critical => "critical",
            LogLevel.Error => "error",
            LogLevel.Warning => "warning",
            LogLevel.Information => "info",
            _ => "debug",
        };
        textWriter.Write(DateTime.Now.ToString("HH:mm:ss ", CultureInfo.InvariantCulture));
        textWriter.Write(level);
        textWriter.Write(": ");
        textWriter.Write(message);
        if (logEntry.Exception is { } exception)
        {
            // One line: the exception's type and message, not its stack.
            textWriter.Write($" ({exception.GetType().Name}: {exception.Message})");
        }

        textWriter.WriteLine();
    }

    /// <summary>
    /// One access-log line after the time: <c>access: 127.0.0.1 "GET shop.example.com/api?q=1" 200 12B 1.3ms
    /// ingress=shop/web service=shop/api:80 endpoint=10.0.0.7:8080 upstream=200/0.9ms attempts=1 id=…</c>;
    /// what a request does not have (no route, no upstream) is left out. The library escaped the
    /// request's text already.
    /// </summary>
    internal static void WriteAccess(IReadOnlyList<KeyValuePair<string, object?>> fields, TextWriter line)
    {
        var values = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        string Text(string key) => values.GetValueOrDefault(key) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" : "";
        string Ms(string key) => values.GetValueOrDefault(key) is double ms ? ms.ToString("0.###", CultureInfo.InvariantCulture) + "ms" : "";

        line.Write($"access: {Text("ClientAddress")} \"{Text("Method")} {Text("Host")}{Text("Target")}\" {Text("Status")} {Text("Bytes")}B {Ms("ElapsedMilliseconds")}");
        Part("ingress", Text("Ingress"));
        Part("service", Text("Service"));
        Part("endpoint", Text("Endpoint"));
        if (values.GetValueOrDefault("UpstreamStatus") is not null || values.GetValueOrDefault("UpstreamElapsedMilliseconds") is not null)
        {
            Part("upstream", $"{(values.GetValueOrDefault("UpstreamStatus") is { } s ? Convert.ToString(s, CultureInfo.InvariantCulture) : "-")}/{Ms("UpstreamElapsedMilliseconds")}");
        }

        if (values.GetValueOrDefault("Attempts") is int attempts and > 0)
        {
            Part("attempts", attempts.ToString(CultureInfo.InvariantCulture));
        }

        if (Text("UpstreamError") is { Length: > 0 } error)
        {
            Part("error", $"\"{error}\"");
        }

        Part("id", Text("RequestId"));
        line.WriteLine();

        void Part(string name, string value)
        {
            if (value.Length > 0)
            {
                line.Write($" {name}={value}");
            }
        }
    }
}
