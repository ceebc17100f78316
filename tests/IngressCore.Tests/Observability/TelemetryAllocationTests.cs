using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using IngressCore.Backends;
using IngressCore.Model;
using IngressCore.Observability;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static IngressCore.Tests.Support.Manifest;

namespace IngressCore.Tests.Observability;

/// <summary>
/// Telemetry costs nothing while nobody listens: a request through <c>UseIngressRouting</c>'s
/// pipeline allocates exactly what the routing middleware alone allocates, for a routed request, a
/// 404, a redirect and a 503 without endpoints. And once something listens (an activity listener,
/// a meter listener, an enabled access log) the observed path does run, so the comparison would
/// see its cost. Listeners are process-wide: this collection runs alone.
/// </summary>
[Collection(nameof(TelemetryAllocationTests))]
[CollectionDefinition(nameof(TelemetryAllocationTests), DisableParallelization = true)]
public sealed class TelemetryAllocationTests
{
    private const int Iterations = 20_000;

    public static TheoryData<string, string, int> Requests => new()
    {
        { "shop.example.com", "/api/orders/42?page=2", StatusCodes.Status200OK },
        { "shop.example.com", "/old", StatusCodes.Status301MovedPermanently },
        { "nowhere.example.com", "/x", StatusCodes.Status404NotFound },
        { "shop.example.com", "/cart", StatusCodes.Status503ServiceUnavailable },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Telemetry_allocates_nothing_while_nobody_listens(string host, string target, int status)
    {
        using var gateway = new Pipelines(accessLog: false);
        var context = gateway.Context(host, target);
        Assert.Equal(status, gateway.Run(gateway.Observed, context));
        Assert.Equal(status, gateway.Run(gateway.Routing, context));

        var routing = AllocatedBy(() => gateway.Run(gateway.Routing, context));
        var observed = AllocatedBy(() => gateway.Run(gateway.Observed, context));

        Assert.Equal(routing, observed);
    }

    [Fact]
    public void An_activity_listener_gets_the_observed_path()
    {
        using var gateway = new Pipelines(accessLog: false);
        var context = gateway.Context("shop.example.com", "/api/x");
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == IngressTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = seen.Add,
        };
        ActivitySource.AddActivityListener(listener);

        Assert.Equal(200, gateway.Run(gateway.Observed, context));
        var activity = Assert.Single(seen);
        Assert.Equal("default/shop", activity.GetTagItem("ingresscore.ingress"));
        Assert.True(AllocatedBy(() => gateway.Run(gateway.Observed, context)) > AllocatedBy(() => gateway.Run(gateway.Routing, context)));
    }

    [Fact]
    public void A_meter_listener_gets_the_observed_path()
    {
        using var gateway = new Pipelines(accessLog: false);
        var context = gateway.Context("shop.example.com", "/api/x");
        long requests = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "ingresscore.requests" && instrument.Meter.Scope == gateway.MeterFactory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => requests += value);
        listener.Start();

        Assert.Equal(200, gateway.Run(gateway.Observed, context));
        Assert.Equal(1, requests);
        Assert.Equal(200, gateway.Run(gateway.Routing, context));
        Assert.Equal(1, requests);
    }

    [Fact]
    public void The_access_log_formats_only_when_its_category_is_enabled()
    {
        using var gateway = new Pipelines(accessLog: true);
        var context = gateway.Context("shop.example.com", "/api/x");

        Assert.Equal(200, gateway.Run(gateway.Observed, context));

        // DefaultHttpContext runs no OnCompleted callbacks: the counting body is what shows the
        // observed path ran, and it is put back once the request is done.
        Assert.True(AllocatedBy(() => gateway.Run(gateway.Observed, context)) > AllocatedBy(() => gateway.Run(gateway.Routing, context)));
        Assert.IsNotType<CountingResponseBody>(context.Features.Get<IHttpResponseBodyFeature>());
    }

    private static long AllocatedBy(Action run)
    {
        for (var i = 0; i < Iterations; i++)
        {
            run();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            run();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>
    /// One set of services, and two pipelines over it: <c>UseIngressRouting</c>'s (the routing
    /// observed) and the routing middleware alone, with the same in-process backend.
    /// </summary>
    private sealed class Pipelines : IDisposable
    {
        private readonly ServiceProvider _services;

        public Pipelines(bool accessLog)
        {
            var services = new ServiceCollection();
            services.AddLogging(l =>
            {
                if (accessLog)
                {
                    l.AddProvider(new SilentProvider());
                }
            });
            services.AddIngressRouting().LoadFromMemory(new IngressObjects
            {
                Ingresses =
                [
                    Ingress("shop", Rule("shop.example.com", Prefix("/api", "api", 80), Prefix("/cart", "cart", 80))),
                    Ingress("moved", Rule("shop.example.com", Exact("/old", "api", 80))) with
                    {
                        Annotations = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/permanent-redirect"] = "https://example.com/new" },
                    },
                ],
            });
            _services = services.BuildServiceProvider();

            var app = new ApplicationBuilder(_services);
            app.UseIngressRouting();
            app.MapIngressBackend("api", b => b.Run(static _ => Task.CompletedTask));
            Observed = app.Build();
            Routing = new IngressRoutingMiddleware(
                _services.GetRequiredService<IngressRuntime>(),
                _services.GetRequiredService<RoutingSettings>(),
                IngressBackendRegistry.Of(app),
                forwarder: null,
                _services.GetRequiredService<ILogger<IngressRoutingMiddleware>>()).InvokeAsync;
        }

        public RequestDelegate Observed { get; }

        public RequestDelegate Routing { get; }

        public IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

        public HttpContext Context(string host, string target)
        {
            var context = new DefaultHttpContext { RequestServices = _services };
            context.Request.Method = "GET";
            context.Request.Headers.Host = host;
            context.Request.Path = target.Split('?')[0];
            context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            return context;
        }

        public int Run(RequestDelegate pipeline, HttpContext context)
        {
            context.Response.StatusCode = 200;
            var task = pipeline(context);
            Assert.True(task.IsCompletedSuccessfully);
            return context.Response.StatusCode;
        }

        public void Dispose() => _services.Dispose();
    }

    /// <summary>An access-log sink that takes every line and keeps none.</summary>
    private sealed class SilentProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
