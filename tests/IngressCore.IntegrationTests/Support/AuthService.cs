using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.IntegrationTests.Support;

/// <summary>One subrequest an <see cref="AuthService"/> received: method, request-target and headers.</summary>
internal sealed record AuthRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real authentication service: Kestrel on 127.0.0.1, answering each subrequest as <see cref="Answer"/>
/// says (a status and headers, slowly, or never), and recording what it received.
/// </summary>
internal sealed class AuthService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AuthService(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The base URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every subrequest received, in order.</summary>
    public Arrivals<AuthRequest> Requests { get; } = new();

    /// <summary>How each subrequest is answered; a 200 by default.</summary>
    public Func<AuthRequest, HttpResponse, Task> Answer { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Answers with <paramref name="status"/> and these headers.</summary>
    public void AnswerWith(int status, params (string Name, string Value)[] headers) =>
        Answer = (_, response) =>
        {
            response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                response.Headers.Append(name, value);
            }

            return Task.CompletedTask;
        };

    /// <summary>Takes the request and never answers it (until the service stops).</summary>
    public void NeverAnswer() => Answer = (_, _) => _never.Task;

    public static async Task<AuthService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        AuthService? service = null;
        app.Run(async context =>
        {
            var request = new AuthRequest(
                context.Request.Method,
                context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            service!.Requests.Add(request);
            await service.Answer(request, context.Response);
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        service = new AuthService(app, port);
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        _never.TrySetResult();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cancel.Token);
        await _app.DisposeAsync();
    }
}
