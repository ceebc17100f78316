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
using IngressCore.Kubernetes;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Sources;

namespace IngressCore.Cli.Commands;

/// <summary>
/// <c>ingresscore serve</c>: Kestrel with the route table and the SNI certificate store built from
/// the manifests, both reloaded when the files change. Logs go to stderr; stdout gets one
/// <c>ingresscore: listening on URL</c> line per listener once they are open (port 0 shows the
/// port chosen), so scripts and tests can wait for it.
/// </summary>
internal static class ServeCommand
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(CliOptions options, TextWriter stdout, TextWriter stderr)
    {
        var (http, httpOff, httpError) = ListenAddress.Parse("--http", options.Http);
        var (https, httpsOff, httpsError) = ListenAddress.Parse("--https", options.Https);
        if ((httpError ?? httpsError) is { } error)
        {
            await stderr.WriteLineAsync($"ingresscore: {error}\n\n{CliParser.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (httpOff && httpsOff)
        {
            await stderr.WriteLineAsync($"ingresscore: --http and --https are both off: nothing to serve\n\n{CliParser.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // Not the command line: serve's options are its own, and a stray --urls must not add listeners.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        ConfigureLogging(builder.Logging);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddIngressRouting(o =>
        {
            o.IngressClass = options.IngressClass;
            o.IgnoreClassless = options.IgnoreClassless;
        }).LoadFromManifests([.. options.Paths]).AddForwarding();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            http?.Listen(kestrel, _ => { });
            https?.Listen(kestrel, listen => listen.UseIngressTls());
        });

        await using var app = builder.Build();
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

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            await stdout.WriteLineAsync($"ingresscore: listening on {address}").ConfigureAwait(false);
        }

        await stdout.FlushAsync().ConfigureAwait(false);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.FormatterName = ServeLogFormatter.FormatterName);
        logging.AddConsoleFormatter<ServeLogFormatter, ConsoleFormatterOptions>();

        // stdout carries only the "listening on" lines; every log line goes to stderr.
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
    }
}
