using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using IngressCore.Observability;
using IngressCore.Runtime;
using OpenTelemetry.Metrics;

namespace IngressCore.Cli.Commands;

/// <summary>
/// <c>serve --metrics ADDR</c>: an admin listener of its own (a second Kestrel server, so the
/// gateway's listeners never answer <c>/metrics</c> and this one never routes by Ingress) with
/// <c>/metrics</c> in Prometheus text from OpenTelemetry's exporter, <c>/healthz</c> (the process
/// is up) and <c>/readyz</c> (the gateway listens and serves a snapshot built from every source's
/// first objects). Its own requests are left out of ASP.NET Core's <c>http.server.*</c> metrics.
/// </summary>
internal static class AdminEndpoints
{
    /// <summary>
    /// The meters exported: IngressCore's own; ASP.NET Core's request metrics; Kestrel's connection
    /// metrics (<c>kestrel.active_connections</c> and the rest, how connections are counted); and
    /// the HTTP client's, which the forwarder's connection pools report through.
    /// </summary>
    internal static readonly string[] Meters =
    [
        IngressTelemetry.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
    ];

    /// <summary>Adds OpenTelemetry's meter provider, with the Prometheus exporter as its reader, to the gateway's services.</summary>
    public static void AddMetrics(IServiceCollection services) =>
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());

    /// <summary>
    /// Starts the admin listener on <paramref name="address"/>. <paramref name="runtime"/> gives the
    /// gateway's runtime once the gateway listens, <see langword="null"/> before (so <c>/readyz</c>
    /// answers 503 until then).
    /// </summary>
    /// <exception cref="IOException">The address cannot be listened on.</exception>
    public static async Task<WebApplication> StartAsync(
        ListenAddress address, MeterProvider meterProvider, Func<IngressRuntime?> runtime, Action<ILoggingBuilder> logging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        logging(builder.Logging);

        // The gateway's host handles Ctrl-C and SIGTERM; this one is stopped with it.
        builder.Services.AddSingleton<IHostLifetime, NoLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => address.Listen(kestrel, _ => { }));

        var app = builder.Build();
        app.Use(static (context, next) =>
        {
            // Scrapes and probes are not the gateway's traffic: kept out of http.server.request.duration.
            if (context.Features.Get<IHttpMetricsTagsFeature>() is { } tags)
            {
                tags.MetricsDisabled = true;
            }

            return next(context);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider,
            predicate: static context => context.Request.Path == "/metrics",
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
        app.Run(context => context.Request.Path.Value switch
        {
            "/healthz" => PlainAsync(context, StatusCodes.Status200OK, "ok\n"),
            "/readyz" => runtime() is { IsReady: true }
                ? PlainAsync(context, StatusCodes.Status200OK, "ready\n")
                : PlainAsync(context, StatusCodes.Status503ServiceUnavailable, runtime() is null
                    ? "not ready: the gateway is starting\n"
                    : "not ready: waiting for the sources' first objects\n"),
            _ => PlainAsync(context, StatusCodes.Status404NotFound, "404 Not Found: the admin listener serves /metrics, /healthz and /readyz\n"),
        });

        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return app;
    }

    /// <summary>The URLs the admin listener is bound to (port 0 shows the port chosen).</summary>
    public static ICollection<string> Addresses(WebApplication admin) =>
        admin.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    private static Task PlainAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(body);
    }

    private sealed class NoLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
