using System.Net;
using System.Text.Json;
using IngressCore.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngressCore.Cli.Commands;

/// <summary>
/// <c>serve --demo-backends</c>: a small backend on every loopback endpoint the loaded
/// EndpointSlices name (docs/examples/services.yaml), so the gateway can be tried end to end, proxy
/// included, with no cluster. Each answers with the Service it stands for and the request it
/// received (method, target, Host and the headers a gateway adds), as one JSON object.
/// </summary>
internal sealed class DemoBackends : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoBackends(WebApplication app, IReadOnlyList<string> endpoints)
    {
        _app = app;
        Endpoints = endpoints;
    }

    /// <summary>The endpoints listened on, as <c>address:port (namespace/service)</c>.</summary>
    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>The headers a gateway adds or that say what it did, echoed back when the request has them.</summary>
    private static readonly string[] EchoedHeaders =
    [
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix",
        "X-Real-IP", "X-Request-ID", "traceparent",
    ];

    /// <summary>
    /// Starts a backend on each loopback endpoint of <paramref name="snapshot"/>'s EndpointSlices;
    /// <see langword="null"/> when there are none.
    /// </summary>
    /// <exception cref="IOException">An endpoint's port is taken.</exception>
    public static async Task<DemoBackends?> StartAsync(IngressSnapshot snapshot, CancellationToken cancellationToken)
    {
        var services = new Dictionary<IPEndPoint, SortedSet<string>>();
        foreach (var slice in snapshot.Objects.EndpointSlices)
        {
            foreach (var endpoint in slice.Endpoints)
            {
                if (!IPAddress.TryParse(endpoint.Address, out var address) || !IPAddress.IsLoopback(address))
                {
                    continue; // only this machine's own addresses: a demo never listens for another host
                }

                foreach (var port in slice.Ports)
                {
                    var key = new IPEndPoint(address, port.Port);
                    if (!services.TryGetValue(key, out var names))
                    {
                        services[key] = names = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    names.Add($"{slice.Namespace}/{slice.ServiceName}");
                }
            }
        }

        if (services.Count == 0)
        {
            return null;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var endpoint in services.Keys)
            {
                kestrel.Listen(endpoint);
            }
        });
        var app = builder.Build();
        var byPort = services.ToDictionary(s => s.Key.Port, s => string.Join(" ", s.Value));
        app.Run(context => AnswerAsync(context, byPort.GetValueOrDefault(context.Connection.LocalPort, "?")));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new DemoBackends(app, [.. services.Select(s => $"{s.Key} ({string.Join(", ", s.Value)})")]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context, string service)
    {
        var request = context.Request;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("backend", service);
        json.WriteString("method", request.Method);
        json.WriteString("target", context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString);
        json.WriteString("host", request.Host.Value);
        json.WriteString("protocol", request.Protocol);
        json.WriteStartObject("headers");
        foreach (var name in EchoedHeaders)
        {
            if (request.Headers.TryGetValue(name, out var value))
            {
                json.WriteString(name, value.ToString());
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
