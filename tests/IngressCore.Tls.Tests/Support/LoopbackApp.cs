using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Tls.Tests.Support;

/// <summary>What the test servers share: a one-listener app on loopback, started and stopped within bounds, and their answer.</summary>
public abstract class LoopbackApp(WebApplication app, int port) : IAsyncDisposable
{
    /// <summary>The listener's port.</summary>
    public int Port { get; } = port;

    protected WebApplication App { get; } = app;

    /// <summary>Starts <paramref name="app"/> and returns the port its single listener got.</summary>
    public static async Task<int> ListenAsync(WebApplication app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.StartAsync(timeout.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new Uri(address).Port;
    }

    /// <summary>Answers <c>PREFIX sni=NAME</c> and whatever <paramref name="more"/> adds, with a Content-Length (a raw HTTP/1.1 client can keep the connection).</summary>
    public static async Task AnswerAsync(HttpContext context, string prefix, string more = "")
    {
        var sni = context.Features.Get<ITlsHandshakeFeature>()?.HostName;
        var body = Encoding.UTF8.GetBytes($"{prefix}sni={sni}{more}");
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
