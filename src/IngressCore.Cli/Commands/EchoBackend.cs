using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Model;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Sources;

namespace IngressCore.Cli.Commands;

/// <summary>
/// <c>serve --echo</c>: answers each routed request with the routing decision as one JSON object,
/// so the gateway can be tried with curl before proxying to Services exists. A development aid:
/// it shows the request back to whoever sent it, and nothing else.
/// </summary>
internal static class EchoBackend
{
    public static async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<IIngressRouteFeature>()!;
        var route = feature.Route!;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("ingress", route.Origin.QualifiedName);
        WriteNullable(json, "ruleHost", route.Host);
        json.WriteString("path", route.Path);
        json.WriteString("pathType", route.PathType.ToString());
        WriteNullable(json, "service", route.Backend.ServiceName);
        if (route.Backend.PortNumber is { } port)
        {
            json.WriteNumber("port", port);
        }
        else
        {
            json.WriteNull("port");
        }

        WriteNullable(json, "portName", route.Backend.PortName);
        json.WriteBoolean("canary", feature.Decision.IsCanary);
        json.WriteBoolean("defaultBackend", feature.Match.IsDefaultBackend);
        json.WriteString("method", context.Request.Method);
        json.WriteString("host", context.Request.Headers.Host.ToString());
        json.WriteString("upstreamPath", context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value);
        json.WriteString("scheme", feature.Scheme);
        WriteNullable(json, "clientAddress", feature.ClientAddress?.ToString());

        // What authentication told the backend: the auth answer's headers and the client certificate's.
        json.WriteStartObject("authHeaders");
        foreach (var (name, value) in context.Request.Headers.Where(h => h.Key.StartsWith("X-Auth-Request-", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("ssl-client-", StringComparison.OrdinalIgnoreCase)).OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            json.WriteString(name.ToLowerInvariant(), value.ToString());
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsync("\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
