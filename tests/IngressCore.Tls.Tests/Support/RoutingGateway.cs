using System.Net;
using IngressCore.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Tls.Tests.Support;

/// <summary>
/// The whole adapter on real Kestrel: <c>AddIngressRouting</c> with a loader, an HTTPS listener on
/// 127.0.0.1 with <c>UseIngressTls()</c> (passthrough included), <c>UseIngressRouting</c>, and an
/// in-process backend <c>web</c> answering <c>terminated sni=NAME</c>. <see cref="Objects"/> is what
/// the loader returns; <see cref="Reload"/> loads it again, as a file change would.
/// </summary>
public sealed class RoutingGateway : LoopbackApp
{
    private RoutingGateway(WebApplication app, int port)
        : base(app, port)
    {
    }

    /// <summary>What the loader returns; set it, then <see cref="Reload"/>.</summary>
    public IngressObjects Objects { get; set; } = new();

    public static async Task<RoutingGateway> StartAsync(IngressObjects objects, Action<IngressRoutingOptions>? configure = null)
    {
        RoutingGateway? gateway = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Logging.ClearProviders();
        builder.Services.AddIngressRouting(o =>
        {
            o.Load = () => gateway?.Objects ?? objects;
            configure?.Invoke(o);
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseIngressTls()));
        var app = builder.Build();
        app.UseIngressRouting();
        app.MapIngressBackend("web", web => web.Run(context => AnswerAsync(context, "terminated ")));

        gateway = new RoutingGateway(app, await ListenAsync(app)) { Objects = objects };
        return gateway;
    }

    /// <summary>Runs the loader again and swaps in what it returns.</summary>
    public void Reload() => App.Services.GetRequiredService<IngressState>().Reload();
}
