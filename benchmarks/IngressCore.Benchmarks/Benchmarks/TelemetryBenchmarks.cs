using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using BenchmarkDotNet.Attributes;
using IngressCore.Benchmarks.RouteSets;
using IngressCore.Observability;
using IngressCore.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Benchmarks.Benchmarks;

/// <summary>
/// What observing a request costs on top of routing it: <c>UseIngressRouting</c>'s pipeline (the
/// routing middleware and its telemetry) on the saas route set, through a reused
/// <see cref="DefaultHttpContext"/>, to an in-process backend that answers nothing. <c>Off</c> has
/// no listener (the case that must cost nothing); <c>Metrics</c> a meter listener on the
/// IngressCore meter; <c>Tracing</c> an activity listener sampling every request; <c>AccessLog</c>
/// a logger that formats every line and drops it (its OnCompleted callbacks are run, as a server
/// does); <c>All</c> the three. Listeners are process-wide: BenchmarkDotNet runs each case in a
/// process of its own.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private ServiceProvider _services = null!;
    private RequestDelegate _pipeline = null!;
    private DefaultHttpContext _context = null!;
    private CompletingResponse _response = null!;
    private MeterListener? _meters;
    private ActivityListener? _activities;

    /// <summary>Who listens.</summary>
    public enum Listening
    {
        /// <summary>Nobody.</summary>
        Off,

        /// <summary>A meter listener on every IngressCore instrument.</summary>
        Metrics,

        /// <summary>An activity listener that records every request activity.</summary>
        Tracing,

        /// <summary>An access-log sink that formats each line.</summary>
        AccessLog,

        /// <summary>All three.</summary>
        All,
    }

    /// <summary>The case.</summary>
    [Params(Listening.Off, Listening.Metrics, Listening.Tracing, Listening.AccessLog, Listening.All)]
    public Listening Telemetry { get; set; }

    /// <summary>Builds the pipeline over the saas set and attaches the case's listeners.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        var accessLog = Telemetry is Listening.AccessLog or Listening.All;
        services.AddLogging(l =>
        {
            if (accessLog)
            {
                l.AddProvider(new FormattingSink());
            }
        });
        services.AddIngressRouting().LoadFromMemory(new IngressObjects { Ingresses = RouteSetCatalog.Get("saas").Ingresses });
        _services = services.BuildServiceProvider();
        var app = new ApplicationBuilder(_services);
        app.UseIngressRouting();
        app.MapIngressBackendFallback(b => b.Run(static _ => Task.CompletedTask));
        _pipeline = app.Build();

        if (Telemetry is Listening.Metrics or Listening.All)
        {
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == IngressTelemetry.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
            _meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
            _meters.Start();
        }

        if (Telemetry is Listening.Tracing or Listening.All)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = static s => s.Name == IngressTelemetry.ActivitySourceName,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_activities);
        }

        _response = new CompletingResponse();
        _context = new DefaultHttpContext { RequestServices = _services };
        _context.Features.Set<IHttpResponseFeature>(_response);
        _context.Request.Method = "GET";
        _context.Request.Headers.Host = "customer10.platform.com";
        _context.Request.Path = "/api/orders/42";
        _context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/api/orders/42";
        _context.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (Request().GetAwaiter().GetResult() != 200)
        {
            throw new InvalidOperationException("the benchmark request was not routed to its backend");
        }
    }

    /// <summary>Disposes the listeners and the services.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _meters?.Dispose();
        _activities?.Dispose();
        _services.Dispose();
    }

    /// <summary>One request, routed to its backend, and its completion.</summary>
    /// <returns>The status.</returns>
    [Benchmark]
    public Task<int> Request()
    {
        _response.StatusCode = 200;
        var routed = _pipeline(_context);
        if (!routed.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("the pipeline did not complete synchronously");
        }

        _response.Complete();
        return Task.FromResult(_response.StatusCode);
    }

    /// <summary>A response feature that runs its OnCompleted callbacks when told, as a server does when a response ends.</summary>
    private sealed class CompletingResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _completed = [];

        public override void OnStarting(Func<object, Task> callback, object state)
        {
        }

        public override void OnCompleted(Func<object, Task> callback, object state) => _completed.Add((callback, state));

        public void Complete()
        {
            foreach (var (callback, state) in _completed)
            {
                callback(state).GetAwaiter().GetResult();
            }

            _completed.Clear();
        }
    }

    /// <summary>A log sink that formats every line, as a console would, and drops it.</summary>
    private sealed class FormattingSink : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            GC.KeepAlive(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
