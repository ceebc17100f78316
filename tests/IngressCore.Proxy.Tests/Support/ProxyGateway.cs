using System.Net;
using IngressCore.Forwarding;
using IngressCore.IntegrationTests.Support;
using IngressCore.Runtime;
using IngressCore.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Proxy.Tests.Support;

/// <summary>
/// A real Kestrel gateway on 127.0.0.1 with <c>UseIngressRouting()</c> and <c>AddForwarding()</c>,
/// serving an in-memory source: an HTTP listener and, when asked, an HTTPS one (HTTP/1.1 and
/// HTTP/2 by ALPN) terminated by <c>UseIngressTls()</c>.
/// </summary>
internal sealed class ProxyGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private ProxyGateway(WebApplication app, InMemoryIngressObjectsProvider source, LogCollector log, int httpPort, int httpsPort)
    {
        _app = app;
        Source = source;
        Log = log;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public IServiceProvider Services => _app.Services;

    public LogCollector Log { get; }

    public InMemoryIngressObjectsProvider Source { get; }

    public IngressRuntime Runtime => Services.GetRequiredService<IngressRuntime>();

    public static async Task<ProxyGateway> StartAsync(
        IngressObjects objects,
        Action<IngressRoutingOptions>? routing = null,
        Action<ForwardingOptions>? forwarding = null,
        Action<WebApplication>? pipeline = null,
        Action<IServiceCollection>? services = null,
        bool https = false)
    {
        var source = new InMemoryIngressObjectsProvider(objects);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        var log = new LogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddIngressRouting(o =>
        {
            o.ProxyBodySize = null;
            routing?.Invoke(o);
        }).LoadFromMemory(source).AddForwarding(forwarding);
        services?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
            if (https)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseIngressTls());
            }
        });

        var app = builder.Build();
        if (pipeline is not null)
        {
            pipeline(app);
        }
        else
        {
            app.UseIngressRouting();
        }

        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await app.StartAsync(cancel.Token);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var httpPort = addresses.Where(a => a.StartsWith("http://", StringComparison.Ordinal)).Select(a => new Uri(a).Port).First();
        var httpsPort = addresses.Where(a => a.StartsWith("https://", StringComparison.Ordinal)).Select(a => new Uri(a).Port).FirstOrDefault();
        return new ProxyGateway(app, source, log, httpPort, httpsPort);
    }

    /// <summary>Replaces the source's objects and waits until the gateway serves them.</summary>
    public async Task<IngressSnapshot> UpdateAsync(IngressObjects objects)
    {
        var next = Runtime.Current.Version + 1;
        Source.Update(objects);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await Runtime.WaitForVersionAsync(next, timeout.Token);
    }

    /// <summary>A client whose connections go to this gateway whatever host the URL names.</summary>
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
