using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Proxy.Tests.Support;

/// <summary>
/// A real Kestrel backend on 127.0.0.1 with a free port: by default it answers with who it is and
/// what it received (path, Host, every header), one <c>key=value</c> per line, as ingress-nginx's
/// e2e echo server does.
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private TestBackend(WebApplication app, string name, int port)
    {
        _app = app;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    /// <summary>The SNI of each TLS handshake of backends started with a certificate, in order (empty when none was sent).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ServerNames { get; private init; } = new();

    public int Port { get; }

    /// <summary>How many requests reached this backend.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TestBackend> StartAsync(
        string name,
        RequestDelegate? handler = null,
        HttpProtocols protocols = HttpProtocols.Http1AndHttp2,
        X509Certificate2? certificate = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? configure = null,
        IPAddress? address = null)
    {
        var serverNames = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(address ?? IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = protocols;
                if (certificate is not null)
                {
                    listen.UseHttps(https => https.ServerCertificateSelector = (_, serverName) =>
                    {
                        serverNames.Enqueue(serverName ?? "");
                        return certificate;
                    });
                }
            });
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        TestBackend? self = null;
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref self!._requests);
            return next(context);
        });
        if (configure is not null)
        {
            configure(app);
        }
        else
        {
            app.Run(handler ?? (context => EchoAsync(context, name)));
        }

        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await app.StartAsync(cancel.Token);
        }

        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new TestBackend(app, name, new Uri(listening).Port) { ServerNames = serverNames };
        return self;
    }

    /// <summary>The echo answer: the backend's name, the request line's parts, and every header, lower-cased.</summary>
    public static Task EchoAsync(HttpContext context, string name)
    {
        var request = context.Request;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(
            $"backend={name}\n" +
            $"method={request.Method}\n" +
            $"target={context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget}\n" +
            $"protocol={request.Protocol}\n" +
            $"peer={context.Connection.RemoteIpAddress}\n" +
            string.Concat(request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .Select(h => $"{h.Key.ToLowerInvariant()}={h.Value}\n")));
    }

    /// <summary>The value of <c>key=</c> in an echo answer (a header name lower-cased), or <see langword="null"/>.</summary>
    public static string? Field(string body, string key) =>
        body.Split('\n').FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];

    public async ValueTask DisposeAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // A backend that hangs on purpose is stopped hard.
        }

        await _app.DisposeAsync();
    }
}
