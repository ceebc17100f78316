using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;
using IngressCore.Backends;
using IngressCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IngressCore.Observability;

/// <summary>
/// One access-log line (docs/observability.md, "Access log"): what ingress-nginx's log format
/// carries, as a structured <c>ILogger</c> state whose fields a JSON or OpenTelemetry sink keeps
/// apart and whose message is one line. The request's fields are taken when it arrives (before a
/// rewrite or <c>upstream-vhost</c> changes them), the rest when its response completes. Text from
/// the request is escaped (<see cref="LogText"/>).
/// </summary>
internal sealed class AccessLogEntry : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>The message template: every field, in order.</summary>
    public const string Template =
        "{ClientAddress} \"{Method} {Target} {Protocol}\" {Status} {Bytes} {ElapsedMilliseconds}ms host={Host} ingress={Ingress} " +
        "service={Service} endpoint={Endpoint} upstream_status={UpstreamStatus} upstream_ms={UpstreamElapsedMilliseconds} " +
        "attempts={Attempts} error={UpstreamError} id={RequestId}";

    private static readonly string[] Names =
    [
        "ClientAddress", "Method", "Target", "Protocol", "Status", "Bytes", "ElapsedMilliseconds", "Host", "Ingress",
        "Service", "Endpoint", "UpstreamStatus", "UpstreamElapsedMilliseconds", "Attempts", "UpstreamError", "RequestId",
    ];

    private readonly HttpContext _context;
    private readonly long _started;
    private readonly CountingResponseBody _body;

    private AccessLogEntry(HttpContext context, long started, CountingResponseBody body)
    {
        _context = context;
        _started = started;
        _body = body;
        var request = context.Request;
        Method = LogText.Escape(request.Method);
        Target = LogText.Escape(context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : RequestTarget.PathAndQuery(context) ?? "-");
        Protocol = LogText.Escape(request.Protocol);
        Host = LogText.Escape(request.Headers.Host.ToString());
    }

    public string ClientAddress { get; private set; } = "-";

    public string Method { get; }

    /// <summary>The request-target as the client sent it, query included.</summary>
    public string Target { get; }

    public string Protocol { get; }

    public int Status { get; private set; }

    /// <summary>The response body's bytes (nginx's <c>$body_bytes_sent</c>).</summary>
    public long Bytes { get; private set; }

    /// <summary>From the request reaching the routing to its response's last byte (nginx's <c>$request_time</c>).</summary>
    public double ElapsedMilliseconds { get; private set; }

    public string Host { get; }

    public string? Ingress { get; private set; }

    public string? Service { get; private set; }

    public string? Endpoint { get; private set; }

    public int? UpstreamStatus { get; private set; }

    public double? UpstreamElapsedMilliseconds { get; private set; }

    public int Attempts { get; private set; }

    public string? UpstreamError { get; private set; }

    public string RequestId { get; private set; } = "-";

    public int Count => Names.Length + 1;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(Names[0], ClientAddress),
        1 => new(Names[1], Method),
        2 => new(Names[2], Target),
        3 => new(Names[3], Protocol),
        4 => new(Names[4], Status),
        5 => new(Names[5], Bytes),
        6 => new(Names[6], ElapsedMilliseconds),
        7 => new(Names[7], Host),
        8 => new(Names[8], Ingress),
        9 => new(Names[9], Service),
        10 => new(Names[10], Endpoint),
        11 => new(Names[11], UpstreamStatus),
        12 => new(Names[12], UpstreamElapsedMilliseconds),
        13 => new(Names[13], Attempts),
        14 => new(Names[14], UpstreamError),
        15 => new(Names[15], RequestId),
        16 => new("{OriginalFormat}", Template),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>
    /// Takes the request's fields and puts a counting body in front of the server's. The caller
    /// logs the entry once the response completes, after <see cref="Complete"/>.
    /// </summary>
    public static AccessLogEntry Begin(HttpContext context, long started)
    {
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var body = new CountingResponseBody(original);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        return new AccessLogEntry(context, started, body);
    }

    /// <summary>Puts the server's own body back (the counter keeps its figure).</summary>
    public void EndBody()
    {
        if (ReferenceEquals(_context.Features.Get<IHttpResponseBodyFeature>(), _body))
        {
            _context.Features.Set(_body.Inner);
        }
    }

    /// <summary>Takes the response's fields, once it has completed.</summary>
    public void Complete(TimeProvider time)
    {
        var context = _context;
        ElapsedMilliseconds = time.GetElapsedTime(_started).TotalMilliseconds;
        Status = context.Response.StatusCode;
        Bytes = _body.BytesWritten;
        var routed = context.Features.Get<IIngressRouteFeature>();
        ClientAddress = Format(routed?.ClientAddress ?? context.Connection.RemoteIpAddress);
        if (routed?.Route is { } route)
        {
            Ingress = route.Names.Ingress;
            Service = route.Names.Service;
        }

        if (context.Features.Get<IngressUpstreamFeature>() is { } upstream)
        {
            Service ??= upstream.Service;
            Endpoint = upstream.Endpoint;
            UpstreamStatus = upstream.Status;
            UpstreamElapsedMilliseconds = upstream.Duration?.TotalMilliseconds;
            Attempts = upstream.Attempts;
            UpstreamError = upstream.Error is null ? null : LogText.Escape(upstream.Error);
        }

        var requestId = context.Request.Headers["X-Request-ID"];
        RequestId = LogText.Escape(requestId.Count > 0 && !string.IsNullOrEmpty(requestId[0]) ? requestId[0]! : context.TraceIdentifier);
    }

    /// <summary>The line: the template with <c>-</c> for what is absent.</summary>
    public override string ToString()
    {
        var line = new StringBuilder(256);
        var i = CultureInfo.InvariantCulture;
        line.Append(ClientAddress).Append(" \"").Append(Method).Append(' ').Append(Target).Append(' ').Append(Protocol).Append("\" ")
            .Append(i, $"{Status} {Bytes} {ElapsedMilliseconds:0.###}ms host=").Append(Host)
            .Append(" ingress=").Append(Ingress ?? "-")
            .Append(" service=").Append(Service ?? "-")
            .Append(" endpoint=").Append(Endpoint ?? "-")
            .Append(" upstream_status=").Append(UpstreamStatus is { } s ? s.ToString(i) : "-")
            .Append(" upstream_ms=").Append(UpstreamElapsedMilliseconds is { } ms ? ms.ToString("0.###", i) : "-")
            .Append(i, $" attempts={Attempts} error=").Append(UpstreamError is null ? "-" : "\"" + UpstreamError + "\"")
            .Append(" id=").Append(RequestId);
        return line.ToString();
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Format(IPAddress? address) =>
        address is null ? "-" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
