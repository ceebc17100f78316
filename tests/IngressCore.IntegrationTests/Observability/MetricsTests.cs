using System.Diagnostics.Metrics;
using System.Net;
using IngressCore.Backends;
using IngressCore.Diagnostics;
using IngressCore.IntegrationTests.Support;
using IngressCore.Model;
using IngressCore.Observability;
using IngressCore.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Primitives;

namespace IngressCore.IntegrationTests.Observability;

/// <summary>
/// The <c>IngressCore</c> meter of a real Kestrel gateway, read with <see cref="MetricCollector{T}"/>
/// scoped to that gateway's <see cref="IMeterFactory"/> (so parallel tests do not mix): requests by
/// Ingress, Service and status class, upstream latency, reloads by what was rebuilt and failed
/// builds, configuration errors and ready endpoints of the served snapshot.
/// </summary>
public sealed class MetricsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static MetricCollector<T> Collect<T>(Gateway gateway, string instrument)
        where T : struct =>
        new(gateway.Services.GetRequiredService<IMeterFactory>(), IngressTelemetry.MeterName, instrument);

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    private static ServiceDefinition Service(string name, int port = 80) =>
        new() { Namespace = "default", Name = name, Ports = [new ServicePortDefinition { Port = port, TargetPort = "8080" }] };

    private static EndpointSliceDefinition Slice(string service, params (string Address, bool Ready)[] endpoints) =>
        new()
        {
            Namespace = "default",
            Name = service + "-abc",
            ServiceName = service,
            Ports = [new EndpointPortDefinition { Port = 8080 }],
            Endpoints = [.. endpoints.Select(e => new EndpointDefinition { Address = e.Address, Ready = e.Ready })],
        };

    [Fact]
    public async Task Requests_are_counted_by_ingress_service_and_status_class()
    {
        await using var gateway = await Gateway.StartAsync(
            setup =>
            {
                setup.Ingresses.Add(Ingresses.Single("shop", "shop.example.com", "/api", "api"));
                setup.Ingresses.Add(Ingresses.Single("cart", "shop.example.com", "/cart", "cart", port: 8080));
            },
            app => app.MapIngressBackend("api", b => TestBackends.Echo(b, "api")));
        using var requests = Collect<long>(gateway, "ingresscore.requests");
        var client = gateway.Client();

        foreach (var (url, status) in ((string, HttpStatusCode)[])
            [
                ("http://shop.example.com/api/1", HttpStatusCode.OK),
                ("http://shop.example.com/api/2", HttpStatusCode.OK),
                ("http://nowhere.example.com/", HttpStatusCode.NotFound),
                ("http://shop.example.com/cart", HttpStatusCode.ServiceUnavailable),
            ])
        {
            using var response = await client.GetAsync(new Uri(url));
            Assert.Equal(status, response.StatusCode);
        }

        await requests.WaitForMeasurementsAsync(4, Timeout);
        var measurements = requests.GetMeasurementSnapshot();
        Assert.All(measurements, m => Assert.Equal(1, m.Value));
        Assert.Equal(2, measurements.Count(m => m.MatchesTags(
            Tag("ingresscore.ingress", "default/shop"), Tag("ingresscore.service", "default/api:80"), Tag("ingresscore.status_class", "2xx"))));
        Assert.Single(measurements, m => m.MatchesTags(
            Tag("ingresscore.ingress", "default/cart"), Tag("ingresscore.service", "default/cart:8080"), Tag("ingresscore.status_class", "5xx")));
        Assert.Single(measurements, m => m.MatchesTags(Tag("ingresscore.status_class", "4xx")));
    }

    [Fact]
    public async Task The_upstream_time_is_recorded_when_the_backend_step_gives_one()
    {
        await using var gateway = await Gateway.StartAsync(
            setup => setup.Ingresses.Add(Ingresses.Single("shop", "shop.example.com", "/", "api")),
            app => app.MapIngressBackend("api", b => b.Run(context =>
            {
                if (context.Request.Path == "/proxied")
                {
                    context.Features.Set(new IngressUpstreamFeature { Endpoint = "10.0.0.7:8080", Attempts = 1, Status = 200, Duration = TimeSpan.FromMilliseconds(250) });
                }

                return Task.CompletedTask;
            })));
        using var requests = Collect<long>(gateway, "ingresscore.requests");
        using var upstream = Collect<double>(gateway, "ingresscore.upstream.duration");
        var client = gateway.Client();

        (await client.GetAsync(new Uri("http://shop.example.com/proxied"))).Dispose();
        (await client.GetAsync(new Uri("http://shop.example.com/in-process"))).Dispose();
        await requests.WaitForMeasurementsAsync(2, Timeout);

        var latency = Assert.Single(upstream.GetMeasurementSnapshot());
        Assert.Equal(0.25, latency.Value);
        Assert.Equal("default/api:80", latency.Tags["ingresscore.service"]);
    }

    [Fact]
    public async Task Reloads_are_counted_by_what_was_rebuilt_the_first_build_included()
    {
        await using var gateway = await Gateway.StartAsync(setup =>
        {
            setup.Ingresses.Add(Ingresses.Single("shop", "shop.example.com", "/", "api"));
            setup.Services.Add(Service("api"));
        });

        // Listening only now: the first build, before the host started, is counted all the same.
        using var reloads = Collect<long>(gateway, "ingresscore.reloads");
        using var durations = Collect<double>(gateway, "ingresscore.reload.duration");
        var objects = gateway.Setup.Source.Snapshot;

        await gateway.UpdateAsync(objects with { EndpointSlices = [Slice("api", ("10.0.0.1", true))] });
        await gateway.UpdateAsync(objects with { Ingresses = [Ingresses.Single("shop", "shop.example.com", "/v2", "api")] });

        // The first build's duration, which nobody heard, is recorded as soon as someone listens.
        Assert.Equal(
            ["routes+certificates+services", "services", "routes+certificates+services"],
            durations.GetMeasurementSnapshot().Where(m => m.Value >= 0).Select(m => (string?)m.Tags["ingresscore.rebuilt"]));
        reloads.RecordObservableInstruments();
        Assert.Equal(
            [("routes+certificates+services", 2L), ("services", 1L)],
            reloads.GetMeasurementSnapshot().Select(m => ((string)m.Tags["ingresscore.rebuilt"]!, m.Value)).Order());
    }

    [Fact]
    public async Task A_build_that_throws_is_counted_with_its_error_type()
    {
        var failing = new FailingSource();
        await using var gateway = await Gateway.StartAsync(setup =>
        {
            setup.Ingresses.Add(Ingresses.Single("shop", "shop.example.com", "/", "api"));
            setup.Builder = b => b.AddSource(failing);
        });
        using var reloads = Collect<long>(gateway, "ingresscore.reloads");
        using var durations = Collect<double>(gateway, "ingresscore.reload.duration");

        failing.Fail();

        await durations.WaitForMeasurementsAsync(2, Timeout);
        Assert.Single(durations.GetMeasurementSnapshot(), m => Equals(m.Tags.GetValueOrDefault("error.type"), typeof(IOException).FullName));
        reloads.RecordObservableInstruments();
        var failed = Assert.Single(reloads.GetMeasurementSnapshot(), m => m.Tags.ContainsKey("error.type"));
        Assert.Equal(typeof(IOException).FullName, failed.Tags["error.type"]);
        Assert.Equal(1, failed.Value);
        Assert.False(failed.Tags.ContainsKey("ingresscore.rebuilt"));
        Assert.Equal(1, gateway.Runtime.Current.Version);
    }

    [Fact]
    public async Task Configuration_errors_are_a_gauge_over_the_served_snapshot()
    {
        await using var gateway = await Gateway.StartAsync(setup => setup.Ingresses.Add(Ingresses.Single("shop", "shop.example.com", "/", "api")));
        using var errors = Collect<long>(gateway, "ingresscore.config.errors");

        errors.RecordObservableInstruments();
        Assert.Equal(0, errors.LastMeasurement!.Value);

        var broken = Ingresses.Single("broken", "broken.example.com", "no-slash", "api");
        var snapshot = await gateway.UpdateAsync(gateway.Setup.Source.Snapshot with { Ingresses = [Ingresses.Single("shop", "shop.example.com", "/", "api"), broken] });
        var expected = snapshot.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(expected > 0, "the broken Ingress was not refused");

        errors.RecordObservableInstruments();
        Assert.Equal(expected, errors.LastMeasurement!.Value);
    }

    [Fact]
    public async Task Ready_endpoints_are_a_gauge_per_served_service_port()
    {
        await using var gateway = await Gateway.StartAsync(setup =>
        {
            setup.Ingresses.Add(Ingresses.Single("shop", "shop.example.com", "/", "api"));
            setup.Ingresses.Add(Ingresses.Single("cart", "shop.example.com", "/cart", "cart"));
            setup.Services.AddRange([Service("api"), Service("cart"), Service("unrouted")]);
            setup.EndpointSlices.AddRange(
            [
                Slice("api", ("10.0.0.1", true), ("10.0.0.2", true), ("10.0.0.3", false)),
                Slice("unrouted", ("10.0.0.9", true)),
            ]);
        });
        using var ready = Collect<long>(gateway, "ingresscore.endpoints.ready");

        ready.RecordObservableInstruments();
        Assert.Equal(
            [("default/api:80", 2L), ("default/cart:80", 0L)],
            ready.GetMeasurementSnapshot().Select(m => ((string)m.Tags["ingresscore.service"]!, m.Value)).Order());

        await gateway.UpdateAsync(gateway.Setup.Source.Snapshot with { EndpointSlices = [Slice("api", ("10.0.0.1", true)), Slice("cart", ("10.0.1.1", true))] });
        ready.Clear();
        ready.RecordObservableInstruments();
        Assert.Equal(
            [("default/api:80", 1L), ("default/cart:80", 1L)],
            ready.GetMeasurementSnapshot().Select(m => ((string)m.Tags["ingresscore.service"]!, m.Value)).Order());
    }

    /// <summary>A source whose objects cannot be read once <see cref="Fail"/> is called, as a broken informer's.</summary>
    private sealed class FailingSource : IIngressObjectsProvider
    {
        private readonly InMemoryIngressObjectsProvider _inner = new();
        private volatile bool _failing;

        public IngressObjects Snapshot => _failing ? throw new IOException("the source broke") : _inner.Snapshot;

        public IChangeToken GetChangeToken() => _inner.GetChangeToken();

        public void Fail()
        {
            _failing = true;
            _inner.Update(IngressObjects.Empty);
        }
    }
}
