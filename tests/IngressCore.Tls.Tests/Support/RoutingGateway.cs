using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;

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

    /// <summary>The in-memory source the gateway serves; set <see cref="Objects"/>, then <see cref="Reload"/>.</summary>
    private InMemoryIngressObjectsProvider Source { get; init; } = new();

    /// <summary>What the source will hold after the next <see cref="Reload"/>.</summary>
    public IngressObjects Objects { get; set; } = new();

    public static async Task<RoutingGateway> StartAsync(IngressObjects objects, Action<IngressRoutingOptions>? configure = null, TimeProvider? time = null)
    {
        var source = new InMemoryIngressObjectsProvider(objects);
        var builder = WebApplication.CreateSlimBuilder();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Logging.ClearProviders();
        builder.Services.AddIngressRouting(o => configure?.Invoke(o)).LoadFromMemory(source);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseIngressTls()));
        var app = builder.Build();
        app.UseIngressRouting();
        app.MapIngressBackend("web", web => web.Run(context => AnswerAsync(context, "terminated ")));

        return new RoutingGateway(app, await ListenAsync(app)) { Objects = objects, Source = source };
    }

    /// <summary>Hands <see cref="Objects"/> to the source; the runtime builds and swaps in the new snapshot before this returns.</summary>
    public void Reload()
    {
        var runtime = App.Services.GetRequiredService<IngressRuntime>();
        var next = runtime.Current.Version + 1;
        Source.Update(Objects);
        if (runtime.Current.Version < next)
        {
            throw new InvalidOperationException("the runtime did not build a snapshot for the update");
        }
    }
}
