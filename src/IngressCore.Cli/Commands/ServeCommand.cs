using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.Forwarding;
using IngressCore.Kubernetes;
using IngressCore.Kubernetes.Cluster;
using IngressCore.Observability;
using IngressCore.Runtime;
using OpenTelemetry.Metrics;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Sources;

namespace IngressCore.Cli.Commands;

/// <summary>
/// <c>ingresscore serve</c>: Kestrel with the route table and the SNI certificate store built from
/// the manifests, both reloaded when the files change. Logs go to stderr; stdout gets one
/// <c>ingresscore: listening on URL</c> line per listener once they are open (port 0 shows the
/// port chosen), so scripts and tests can wait for it. Each request gets an access-log line on
/// stderr unless <c>--access-log off</c>; <c>--metrics ADDR</c> adds the admin listener
/// (<see cref="AdminEndpoints"/>), announced as <c>ingresscore: admin listening on URL</c>.
/// </summary>
internal static class ServeCommand
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(CliOptions options, TextWriter stdout, TextWriter stderr)
    {
        var (http, httpOff, httpError) = ListenAddress.Parse("--http", options.Http);
        var (https, httpsOff, httpsError) = ListenAddress.Parse("--https", options.Https);
        var (admin, _, adminError) = options.Metrics is null ? (null, true, null) : ListenAddress.Parse("--metrics", options.Metrics);
        if ((httpError ?? httpsError ?? adminError) is { } error)
        {
            await stderr.WriteLineAsync($"ingresscore: {error}\n\n{CliParser.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (httpOff && httpsOff)
        {
            await stderr.WriteLineAsync($"ingresscore: --http and --https are both off: nothing to serve\n\n{CliParser.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        IngressControllerConfig? controllerConfig = null;
        if (options.ControllerConfig is { } configPath)
        {
            var (config, diagnostics) = ControllerConfigFile.Load(configPath);
            foreach (var diagnostic in diagnostics)
            {
                await stderr.WriteLineAsync($"ingresscore: {diagnostic}").ConfigureAwait(false);
            }

            if (config is null)
            {
                await stderr.WriteLineAsync("ingresscore: --controller-config has errors; nothing is served").ConfigureAwait(false);
                return ExitCodes.Findings;
            }

            controllerConfig = config;
        }

        // Not the command line: serve's options are its own, and a stray --urls must not add listeners.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        ConfigureLogging(builder.Logging, options.AccessLog);
        if (admin is not null)
        {
            AdminEndpoints.AddMetrics(builder.Services);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var routing = builder.Services.AddIngressRouting(o =>
        {
            o.IngressClass = options.IngressClass;
            o.IgnoreClassless = options.IgnoreClassless;
            o.DefaultBackendService = options.DefaultBackendService;
            controllerConfig?.ApplyTo(o);
        }).AddForwarding(f => ApplyTimeouts(controllerConfig, f));
        if (options.Paths.Count > 0)
        {
            routing.LoadFromManifests([.. options.Paths]);
        }

        if (options.Kubernetes)
        {
            routing.LoadFromKubernetes(o =>
            {
                o.KubeconfigPath = options.Kubeconfig;
                o.Context = options.Context;
                o.Namespace = options.Namespace;
                o.PublishAddress = options.PublishAddress;
            });
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ServeLimits.Apply(kestrel.Limits);
            http?.Listen(kestrel, listen => listen.UseIngressRequestFraming());
            https?.Listen(kestrel, listen => listen.UseIngressTls());
        });

        await using var app = builder.Build();
        IngressRuntime? listening = null;
        WebApplication? adminApp = null;
        if (admin is not null)
        {
            try
            {
                adminApp = await AdminEndpoints.StartAsync(
                    admin, app.Services.GetRequiredService<MeterProvider>(), () => Volatile.Read(ref listening), l => ConfigureLogging(l, accessLog: false)).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await stderr.WriteLineAsync($"ingresscore: cannot listen on --metrics: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Findings;
            }

            foreach (var address in AdminEndpoints.Addresses(adminApp))
            {
                await stdout.WriteLineAsync($"ingresscore: admin listening on {address}").ConfigureAwait(false);
            }
        }

        await using var adminScope = adminApp;
        try
        {
            app.UseIngressRouting();
        }
        catch (OptionsValidationException e)
        {
            // A manifest path that does not exist, say: nothing would be served.
            await stderr.WriteLineAsync($"ingresscore: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (options.Echo)
        {
            app.MapIngressBackendFallback(branch => branch.Run(EchoBackend.InvokeAsync));
        }

        DemoBackends? demo = null;
        if (options.DemoBackends)
        {
            try
            {
                demo = await DemoBackends.StartAsync(app.Services.GetRequiredService<IngressRuntime>().Current, CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await stderr.WriteLineAsync($"ingresscore: cannot start the demo backends: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Findings;
            }

            foreach (var endpoint in demo?.Endpoints ?? [])
            {
                await stdout.WriteLineAsync($"ingresscore: demo backend on {endpoint}").ConfigureAwait(false);
            }
        }

        await using var demoScope = demo;

        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Address in use, or not an address of this machine.
            await stderr.WriteLineAsync($"ingresscore: cannot listen: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Findings;
        }
        catch (KubernetesClusterException e)
        {
            // The API server could not be reached, or the kubeconfig could not be used: nothing to serve.
            await stderr.WriteLineAsync($"ingresscore: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Findings;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            await stdout.WriteLineAsync($"ingresscore: listening on {address}").ConfigureAwait(false);
        }

        await stdout.FlushAsync().ConfigureAwait(false);
        Volatile.Write(ref listening, app.Services.GetRequiredService<IngressRuntime>());
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The controller ConfigMap's proxy-*-timeout, the forwarder's defaults for locations without the annotations.</summary>
    internal static void ApplyTimeouts(IngressControllerConfig? config, ForwardingOptions forwarding)
    {
        if (config?.ProxyConnectTimeout is { } connect)
        {
            forwarding.ConnectTimeout = connect;
        }

        if (config?.ProxyReadTimeout is { } read)
        {
            forwarding.ReadTimeout = read;
        }

        if (config?.ProxySendTimeout is { } send)
        {
            forwarding.SendTimeout = send;
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool accessLog)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.FormatterName = ServeLogFormatter.FormatterName);
        logging.AddConsoleFormatter<ServeLogFormatter, ConsoleFormatterOptions>();

        // stdout carries only the "listening on" lines; every log line goes to stderr.
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        if (!accessLog)
        {
            // Disabled at the category: the routing then neither counts bytes nor formats a line.
            logging.AddFilter(IngressTelemetry.AccessLogCategory, LogLevel.None);
        }
    }
}
