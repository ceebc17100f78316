using System.Diagnostics;
using System.Net;
using IngressCore.IntegrationTests.Support;
using IngressCore.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.IntegrationTests.Observability;

/// <summary>
/// The <c>IngressCore</c> activity source through a real gateway: an activity per routed request,
/// tagged with what the routing decided, a child of ASP.NET Core's request activity (so of the
/// client's <c>traceparent</c>), and the parent of the backend's own HTTP call, whose W3C
/// <c>traceparent</c> reaches a real upstream server. Activity listeners are process-wide: each
/// test keeps the activities of its own hosts only.
/// </summary>
public sealed class TracingTests
{
    private const string ClientTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public async Task A_routed_request_gets_an_activity_with_its_route_and_outcome()
    {
        using var traces = new Traces();
        await using var gateway = await Gateway.StartAsync(
            setup => setup.Ingresses.Add(Ingresses.Single("shop", "trace-route.example.com", "/api", "api", ns: "tracing")),
            app => app.MapIngressBackend("api", b => b.Run(context =>
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            })));

        using var request = new HttpRequestMessage(HttpMethod.Get, "http://trace-route.example.com/api/x");
        request.Headers.Add("traceparent", $"00-{ClientTraceId}-00f067aa0ba902b7-01");
        using var response = await gateway.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        var activity = await traces.RequestAsync("trace-route.example.com");
        Assert.Equal(IngressTelemetry.RequestActivityName, activity.OperationName);
        Assert.Equal("trace-route.example.com/api", activity.DisplayName);
        Assert.Equal(ActivityKind.Internal, activity.Kind);
        Assert.Equal("tracing/shop", activity.GetTagItem("ingresscore.ingress"));
        Assert.Equal("tracing/api:80", activity.GetTagItem("ingresscore.service"));
        Assert.Equal("trace-route.example.com/api", activity.GetTagItem("ingresscore.route"));
        Assert.Equal("path", activity.GetTagItem("ingresscore.decision"));
        Assert.Equal(503, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);

        // The server's activity continues the client's trace; ours hangs off it.
        var server = await traces.OneAsync(a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == activity.ParentSpanId);
        Assert.Equal(ClientTraceId, activity.TraceId.ToHexString());
        Assert.Equal(server.SpanId, activity.ParentSpanId);
    }

    [Fact]
    public async Task The_backend_call_and_its_traceparent_hang_off_the_request_activity()
    {
        using var traces = new Traces(withHttpClient: true);
        await using var upstream = await Upstream.StartAsync();
        using var http = new HttpClient();
        await using var gateway = await Gateway.StartAsync(
            setup => setup.Ingresses.Add(Ingresses.Single("shop", "trace-upstream.example.com", "/", "api")),
            app => app.MapIngressBackend("api", b => b.Run(async context =>
            {
                // What a forwarder does: an HttpClient call to the endpoint, inside the request.
                var traceparent = await http.GetStringAsync(upstream.Url, context.RequestAborted);
                await context.Response.WriteAsync(traceparent);
            })));

        using var response = await gateway.Client().GetAsync(new Uri("http://trace-upstream.example.com/"));
        var traceparent = (await response.Content.ReadAsStringAsync()).Split('-');

        var request = await traces.RequestAsync("trace-upstream.example.com");
        // The test's own client call is in the same trace (the gateway continues it): the backend's
        // call is the one whose parent is the request activity.
        var call = await traces.OneAsync(a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == request.SpanId);
        Assert.Equal(request.TraceId, call.TraceId);
        Assert.Equal(upstream.Url.ToString(), call.GetTagItem("url.full"));
        Assert.Equal(4, traceparent.Length);
        Assert.Equal(request.TraceId.ToHexString(), traceparent[1]);
        Assert.Equal(call.SpanId.ToHexString(), traceparent[2]);
    }

    [Fact]
    public async Task Without_an_http_client_listener_the_traceparent_still_carries_the_request_s_trace()
    {
        using var traces = new Traces(withHttpClient: false);
        await using var upstream = await Upstream.StartAsync();
        using var http = new HttpClient();
        await using var gateway = await Gateway.StartAsync(
            setup => setup.Ingresses.Add(Ingresses.Single("shop", "trace-bare.example.com", "/", "api")),
            app => app.MapIngressBackend("api", b => b.Run(async context =>
                await context.Response.WriteAsync(await http.GetStringAsync(upstream.Url, context.RequestAborted)))));

        using var response = await gateway.Client().GetAsync(new Uri("http://trace-bare.example.com/"));
        var traceparent = (await response.Content.ReadAsStringAsync()).Split('-');

        // HttpClient makes an unrecorded child of the current activity: its span id is sent.
        var request = await traces.RequestAsync("trace-bare.example.com");
        Assert.Equal(4, traceparent.Length);
        Assert.Equal(request.TraceId.ToHexString(), traceparent[1]);
    }

    /// <summary>The activities stopped while a test runs, waited for by what identifies them.</summary>
    private sealed class Traces : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly Arrivals<Activity> _stopped = new();

        public Traces(bool withHttpClient = false)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name is IngressTelemetry.ActivitySourceName or "Microsoft.AspNetCore" || (withHttpClient && s.Name == "System.Net.Http"),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Add,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        /// <summary>The request activity of <paramref name="host"/> (its route names the host).</summary>
        public Task<Activity> RequestAsync(string host) =>
            OneAsync(a => a.Source.Name == IngressTelemetry.ActivitySourceName && a.GetTagItem("ingresscore.route") is string route && route.StartsWith(host, StringComparison.Ordinal));

        public async Task<Activity> OneAsync(Func<Activity, bool> match) =>
            Assert.Single(await _stopped.WaitForAsync(match, TimeSpan.FromSeconds(15), () => $"{_stopped.Items.Count} activities stopped"));

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>A real server that answers with the <c>traceparent</c> header it received.</summary>
    private sealed class Upstream(WebApplication app, Uri url) : IAsyncDisposable
    {
        public Uri Url { get; } = url;

        public static async Task<Upstream> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(context => context.Response.WriteAsync(context.Request.Headers["traceparent"].ToString()));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new Upstream(app, new Uri(address));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
