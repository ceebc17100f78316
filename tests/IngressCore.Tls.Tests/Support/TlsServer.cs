using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Tls.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port, terminating TLS with
/// <c>UseIngressTls</c>. Every request is answered with <c>sni=NAME proto=PROTOCOL</c> and a
/// Content-Length, so a raw HTTP/1.1 client can keep the connection open between requests.
/// </summary>
public sealed class TlsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts a server on <paramref name="source"/>, or on the source registered in services when <paramref name="fromServices"/> is set.</summary>
    public static async Task<TlsServer> StartAsync(SniCertificateSource source, bool fromServices = false)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(source);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (fromServices)
                {
                    listen.UseIngressTls();
                }
                else
                {
                    listen.UseIngressTls(source);
                }
            }));
        var app = builder.Build();
        app.Run(async context =>
        {
            var sni = context.Features.Get<ITlsHandshakeFeature>()?.HostName;
            var body = Encoding.UTF8.GetBytes($"sni={sni} proto={context.Request.Protocol}");
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.StartAsync(timeout.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TlsServer(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
