using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.IntegrationTests.Support;

/// <summary>
/// A real Kestrel gateway on 127.0.0.1 with free ports: an HTTP listener and, when asked, an HTTPS
/// listener terminated by <c>UseIngressTls()</c> from the services <c>AddIngressRouting</c> registered.
/// </summary>
internal sealed class Gateway : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private Gateway(WebApplication app, GatewaySetup setup, LogCollector log, int httpPort, int httpsPort)
    {
        _app = app;
        Setup = setup;
        Log = log;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>What IngressCore logged: reloads, diagnostics, failures.</summary>
    public LogCollector Log { get; }

    public static async Task<Gateway> StartAsync(
        Action<GatewaySetup> configure,
        Action<WebApplication>? backends = null,
        bool https = false,
        HttpProtocols? httpProtocols = null)
    {
        var setup = new GatewaySetup();
        configure(setup);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        var log = new LogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        setup.Register(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = httpProtocols ?? listen.Protocols;
                listen.UseIngressRequestFraming();
            });
            if (https)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseIngressTls());
            }
        });

        var app = builder.Build();
        app.UseIngressRouting();
        backends?.Invoke(app);
        using (var cancel = new CancellationTokenSource(StartTimeout))
        {
            await app.StartAsync(cancel.Token);
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var httpPort = addresses.Where(a => a.StartsWith("http://", StringComparison.Ordinal)).Select(a => new Uri(a).Port).Single();
        var httpsPort = addresses.Where(a => a.StartsWith("https://", StringComparison.Ordinal)).Select(a => new Uri(a).Port).SingleOrDefault();
        return new Gateway(app, setup, log, httpPort, httpsPort);
    }

    /// <summary>What the gateway was started with; its <see cref="GatewaySetup.Source"/> changes what it serves.</summary>
    public GatewaySetup Setup { get; }

    /// <summary>The snapshots the gateway serves.</summary>
    public IngressRuntime Runtime => Services.GetRequiredService<IngressRuntime>();

    /// <summary>Replaces the in-memory source's objects and waits until the gateway serves them.</summary>
    public async Task<IngressSnapshot> UpdateAsync(IngressObjects objects)
    {
        var next = Runtime.Current.Version + 1;
        Setup.Source.Update(objects);
        using var timeout = new CancellationTokenSource(StartTimeout);
        return await Runtime.WaitForVersionAsync(next, timeout.Token);
    }

    /// <summary>A client that connects to this gateway whatever host the URL names (its Host header and SNI).</summary>
    public HttpClient Client()
    {
        var client = LoopbackClient.Create(HttpPort, HttpsPort);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cancel.Token);
        await _app.DisposeAsync();
    }
}
