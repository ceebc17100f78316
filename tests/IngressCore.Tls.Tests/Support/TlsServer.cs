using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Tls.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port, terminating TLS with
/// <c>UseIngressTls</c>. Every request is answered with <c>sni=NAME proto=PROTOCOL</c> and a
/// Content-Length, so a raw HTTP/1.1 client can keep the connection open between requests.
/// </summary>
public sealed class TlsServer : LoopbackApp
{
    private TlsServer(WebApplication app, int port)
        : base(app, port)
    {
    }

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
        app.Run(context => AnswerAsync(context, "", $" proto={context.Request.Protocol}"));

        return new TlsServer(app, await ListenAsync(app));
    }
}
