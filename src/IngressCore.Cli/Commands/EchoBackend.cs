using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
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
    // One buffer and one writer per thread, reset for each answer: the body is written whole
    // before it is sent, so it goes out with a Content-Length in one write, and a request costs
    // no buffer growth.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    public static Task InvokeAsync(HttpContext context)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var json = t_json ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        Write(json, context);
        json.Flush();
        buffer.Write("\n"u8);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        response.BodyWriter.Write(buffer.WrittenSpan);
        var flush = response.BodyWriter.FlushAsync(context.RequestAborted);
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    private static void Write(Utf8JsonWriter json, HttpContext context)
    {
        var feature = context.Features.Get<IIngressRouteFeature>()!;
        var route = feature.Route!;
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
        List<KeyValuePair<string, StringValues>>? auth = null;
        foreach (var header in context.Request.Headers)
        {
            if (header.Key.StartsWith("X-Auth-Request-", StringComparison.OrdinalIgnoreCase) || header.Key.StartsWith("ssl-client-", StringComparison.OrdinalIgnoreCase))
            {
                (auth ??= []).Add(header);
            }
        }

        if (auth is not null)
        {
            foreach (var (name, value) in auth.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                json.WriteString(name.ToLowerInvariant(), value.ToString());
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
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
