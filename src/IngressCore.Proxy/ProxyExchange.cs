using System.Net;
using System.Net.Http;
using IngressCore.Annotations;
using IngressCore.Backends;
using IngressCore.Forwarding.Transport;
using IngressCore.Forwarding.Upstreams;
using IngressCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace IngressCore.Forwarding;

/// <summary>
/// One forwarded request: YARP's transformer for its tries, holding what they share (the
/// endpoints tried, the retry decision, the headers to add). Shapes the upstream request as
/// ingress-nginx's <c>proxy_set_header</c>s do and the response as its <c>more_set_headers</c> and
/// sticky cookie do (docs/forwarding.md, "Headers").
/// </summary>
internal sealed class ProxyExchange : HttpTransformer
{
    private static readonly UriCreationOptions RawUri = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private static volatile PortText? s_lastPort;

    private readonly IIngressRouteFeature _route;
    private readonly IngressUpstreamFeature _upstreamFeature;
    private readonly bool _rawTarget;
    private string? _requestId;
    private TriedEndpoints _tried;

    public ProxyExchange(
        IIngressRouteFeature route,
        IngressUpstreamFeature upstreamFeature,
        LocationSettings location,
        Upstream upstream,
        bool rawTarget,
        bool idempotent)
    {
        _route = route;
        _upstreamFeature = upstreamFeature;
        Location = location;
        Upstream = upstream;
        _rawTarget = rawTarget;
        Idempotent = idempotent;
    }

    public LocationSettings Location { get; }

    public Upstream Upstream { get; }

    /// <summary>The endpoints tried so far.</summary>
    public ref TriedEndpoints Tried => ref _tried;

    /// <summary>Whether the method may be sent twice (nginx: all but POST, LOCK and PATCH).</summary>
    public bool Idempotent { get; }

    /// <summary>The request body's observer, when it can have one.</summary>
    public RequestBodyObserver? Body { get; set; }

    /// <summary>Whether the request body was read whole first (<c>proxy-request-buffering</c>) and can be sent again.</summary>
    public bool BodyBuffered { get; set; }

    /// <summary>Response headers of <c>custom-headers</c>.</summary>
    public KeyValuePair<string, string>[]? ResponseHeaders { get; set; }

    /// <summary>The affinity cookie to set on the response.</summary>
    public string? SetCookie { get; set; }

    /// <summary>The name a verified TLS backend's certificate must carry when no <c>proxy-ssl-name</c> is set: the Service's cluster DNS name.</summary>
    public string? ExpectedServerName { get; set; }

    /// <summary>Whether one more try may start: set by whoever decides retries (the forwarder), read when a status could be retried.</summary>
    public Func<ProxyExchange, bool>? CanTryAgain { get; set; }

    /// <summary>The <see cref="TimeProvider"/> timestamp after which no new try starts (<c>proxy-next-upstream-timeout</c>).</summary>
    public long Deadline { get; set; }

    /// <summary>Endpoints tried in all, at most.</summary>
    public int MaxTries { get; set; }

    /// <summary>Whether the last try's answer was held back to try another endpoint (a <c>proxy-next-upstream</c> status).</summary>
    public bool RetryRequested { get; set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = new Uri(destinationPrefix + Target(httpContext), RawUri);
        if (ExpectedServerName is { } name)
        {
            proxyRequest.Options.Set(BackendClients.ExpectedNameKey, name);
        }

        var incoming = httpContext.Request.Headers;
        var headers = proxyRequest.Headers;
        RemoveConnectionOptions(incoming, proxyRequest);

        // httpoxy: a Proxy header must never reach a CGI-style backend (ingress-nginx sets it empty).
        headers.Remove("Proxy");

        var trusted = _route is IngressRouteFeature { FromTrustedProxy: true };
        var client = ClientAddressText(_route.ClientAddress);
        Set(headers, "X-Real-IP", client);
        Set(headers, "X-Forwarded-For", trusted && JoinedForwardedFor(incoming, httpContext.Connection.RemoteIpAddress) is { } chain ? chain : client);
        var feature = _route as IngressRouteFeature;
        var host = trusted && feature?.ForwardedHost is { } forwardedHost ? forwardedHost : feature?.RequestHost ?? httpContext.Request.Host.Value;
        Set(headers, "X-Forwarded-Host", host);
        Set(headers, "X-Forwarded-Port", trusted && incoming["X-Forwarded-Port"] is { Count: > 0 } port ? port.ToString() : LocalPort(httpContext));
        Set(headers, "X-Forwarded-Proto", _route.Scheme);
        Set(headers, "X-Forwarded-Scheme", _route.Scheme);
        Set(headers, "X-Scheme", _route.Scheme);
        if (!trusted && _route.Decision.ForwardedPrefix is null)
        {
            // Only the rewrite's own prefix is passed on; a client's is its own invention.
            headers.Remove("X-Forwarded-Prefix");
        }

        var requestId = trusted && incoming["X-Request-ID"] is { Count: > 0 } id ? id.ToString() : _requestId ??= RequestId(httpContext);
        Set(headers, "X-Request-ID", requestId);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        var status = (int)proxyResponse.StatusCode;
        _upstreamFeature.Status = status;
        if (StatusCondition(status) is var condition && condition != NextUpstreamConditions.None &&
            (Location.Conditions & condition) != 0 && CanTryAgain?.Invoke(this) == true)
        {
            // Held back: the next endpoint answers instead (nginx's proxy_next_upstream http_5xx).
            RetryRequested = true;
            return false;
        }

        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var response = httpContext.Response.Headers;
        if (ResponseHeaders is { } custom)
        {
            foreach (var (name, value) in custom)
            {
                response[name] = value;
            }
        }

        if (SetCookie is { } cookie)
        {
            response.Append(HeaderNames.SetCookie, cookie);
        }

        return copy;
    }

    /// <summary>Whether another try may follow a failure that meets <paramref name="condition"/>, as far as the request goes.</summary>
    public bool SafeToRetry(NextUpstreamConditions condition, bool sent) =>
        (Location.Conditions & condition) != 0 &&
        (BodyBuffered || Body?.Touched != true) &&
        (!sent || Idempotent || (Location.Conditions & NextUpstreamConditions.NonIdempotent) != 0);

    private static NextUpstreamConditions StatusCondition(int status) => status switch
    {
        500 => NextUpstreamConditions.Http500,
        502 => NextUpstreamConditions.Http502,
        503 => NextUpstreamConditions.Http503,
        504 => NextUpstreamConditions.Http504,
        403 => NextUpstreamConditions.Http403,
        404 => NextUpstreamConditions.Http404,
        429 => NextUpstreamConditions.Http429,
        _ => NextUpstreamConditions.None,
    };

    /// <summary>
    /// The request-target sent: the client's own, byte for byte (nginx's <c>proxy_pass</c> without a
    /// URI), or the rewrite's, which the middleware put in its place; for an error or default
    /// backend the path it was given.
    /// </summary>
    private string Target(HttpContext context)
    {
        if (_rawTarget && RequestTarget.PathAndQuery(context) is { } raw)
        {
            return raw;
        }

        var request = context.Request;
        return request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
    }

    /// <summary>Drops the headers the client's <c>Connection</c> header names (RFC 9110 §7.6.1); YARP drops the standard hop-by-hop ones.</summary>
    private static void RemoveConnectionOptions(IHeaderDictionary incoming, HttpRequestMessage request)
    {
        var connection = incoming.Connection;
        if (connection.Count == 0)
        {
            return;
        }

        foreach (var value in connection)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                var token = value.AsSpan(range).Trim();
                if (token.IsEmpty || token.Equals("close", StringComparison.OrdinalIgnoreCase) ||
                    token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) || token.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var name = token.ToString();
                request.Headers.Remove(name);
                request.Content?.Headers.Remove(name);
            }
        }
    }

    /// <summary>A trusted proxy's <c>X-Forwarded-For</c> with the address it connected from appended (ingress-nginx's <c>$full_x_forwarded_for</c>).</summary>
    private static string? JoinedForwardedFor(IHeaderDictionary incoming, IPAddress? peer)
    {
        var chain = incoming["X-Forwarded-For"];
        var peerText = ClientAddressText(peer);
        if (StringValues.IsNullOrEmpty(chain))
        {
            return peerText;
        }

        return peerText is null ? chain.ToString() : chain.ToString() + ", " + peerText;
    }

    private static string? ClientAddressText(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    /// <summary>The listener's port as text, kept for the next request on the same port (nearly all of them).</summary>
    private static string LocalPort(HttpContext context)
    {
        var port = context.Connection.LocalPort;
        var last = s_lastPort;
        if (last?.Port == port)
        {
            return last.Text;
        }

        last = new PortText(port, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        s_lastPort = last;
        return last.Text;
    }

    private static void Set(System.Net.Http.Headers.HttpRequestHeaders headers, string name, string? value)
    {
        headers.Remove(name);
        if (value is not null)
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>
    /// 32 hex digits, as nginx's <c>$request_id</c>, made once per request and kept as its
    /// <see cref="HttpContext.TraceIdentifier"/>: ASP.NET Core's logs then carry the id the backend
    /// got, and an error or default backend tried after the route's Service gets the same one.
    /// </summary>
    private string RequestId(HttpContext context)
    {
        if (!_rawTarget && IsRequestId(context.TraceIdentifier))
        {
            return context.TraceIdentifier;
        }

        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        var id = Convert.ToHexStringLower(bytes);
        context.TraceIdentifier = id;
        return id;
    }

    private static bool IsRequestId(string value) =>
        value.Length == 32 && !value.AsSpan().ContainsAnyExcept("0123456789abcdef");

    private sealed record PortText(int Port, string Text);
}
