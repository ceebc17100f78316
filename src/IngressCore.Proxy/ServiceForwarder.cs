using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using IngressCore.Annotations;
using IngressCore.Backends;
using IngressCore.Forwarding.Transport;
using IngressCore.Forwarding.Upstreams;
using IngressCore.Matching;
using IngressCore.Model;
using IngressCore.Routing;
using IngressCore.Routing.Policies;
using IngressCore.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace IngressCore.Forwarding;

/// <summary>
/// Forwards the requests <c>UseIngressRouting</c> routes to a Service without an in-process branch
/// to the Service's endpoints, with YARP's <see cref="IHttpForwarder"/>: picks an endpoint (affinity
/// cookie, consistent hash, EWMA or round-robin), tries another on a failure where that is safe,
/// sets aside endpoints that fail, and answers 502, 503 or 504 with nginx's pages when no endpoint
/// answers (docs/forwarding.md). Fills <see cref="IngressUpstreamFeature"/> for every request.
/// </summary>
internal sealed partial class ServiceForwarder : IIngressServiceForwarder, IDisposable
{
    private readonly IHttpForwarder _forwarder;
    private readonly ForwardingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ServiceForwarder> _logger;
    private readonly BackendClients _clients = new();
    private readonly UpstreamRegistry _registry;
    private readonly CustomHeaders _customHeaders;
    private readonly ConditionalWeakTable<IngressAnnotations, LocationSettings> _locations = [];
    private readonly LocationSettings _defaultLocation;
    private readonly NextUpstreamConditions _defaultConditions;
    private readonly LoadBalanceAlgorithm _defaultBalance;
    private readonly long _failTicks;
    private readonly double _decaySeconds;
    private readonly IDisposable? _pruning;
    private readonly Func<ProxyExchange, bool> _canTryAgain;
    private readonly Action<string, string> _logDenied;

    public ServiceForwarder(
        IHttpForwarder forwarder,
        IOptions<ForwardingOptions> options,
        IngressRuntime runtime,
        TimeProvider time,
        ILogger<ServiceForwarder> logger)
    {
        _forwarder = forwarder;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _registry = new UpstreamRegistry(time);
        _customHeaders = new CustomHeaders(_options, (configMap, problem) => LogCustomHeadersDenied(configMap, problem));
        ProxyNextUpstream.ParseConditions(_options.ProxyNextUpstream, out _defaultConditions);
        _defaultBalance = _options.LoadBalance == "ewma" ? LoadBalanceAlgorithm.Ewma : LoadBalanceAlgorithm.RoundRobin;
        _defaultLocation = new LocationSettings(IngressAnnotations.None, _options, _defaultConditions);
        _failTicks = (long)(_options.FailTimeout.TotalSeconds * time.TimestampFrequency);
        _decaySeconds = _options.EwmaDecayTime.TotalSeconds;
        _canTryAgain = CanTryAgain;
        _logDenied = LogDenied;

        // An endpoint change reaches the forwarder through the snapshot's catalog alone; what it
        // no longer has is forgotten off the request path.
        _pruning = ChangeToken.OnChange(runtime.GetChangeToken, () => _registry.Prune(runtime.Current.Services));
    }

    /// <summary>The lasting per-endpoint state (tests).</summary>
    internal UpstreamRegistry Registry => _registry;

    public Task ForwardAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IIngressRouteFeature>() is not { Route: { } route } feature)
        {
            return ProxyErrorPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable);
        }

        var decision = feature.Decision;
        var primary = decision.Match.Route;
        var affinity = route.Policies.Affinity;
        if (primary?.Canary is { } canary && (primary.Policies.Affinity is not null || canary.Policies.Affinity is not null))
        {
            route = StickyCanary(context, feature.Snapshot, primary, canary, route);
            affinity = ReferenceEquals(route, canary) ? CanaryAffinity(primary, canary) : primary.Policies.Affinity;
        }

        return ForwardCoreAsync(context, feature, route, route.Namespace, route.Backend, route.Policies, affinity, rawTarget: true);
    }

    public Task ForwardAsync(HttpContext context, string @namespace, IngressBackend backend)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(backend);
        if (context.Features.Get<IIngressRouteFeature>() is not { } feature)
        {
            return ProxyErrorPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable);
        }

        if (backend is { PortNumber: null, PortName: null, ServiceName: { } name } &&
            feature.Snapshot.Services.FindService(@namespace, name) is { Ports: [var first, ..] })
        {
            // ingress-nginx's --default-backend-service and default-backend use the Service's first port.
            backend = IngressBackend.ForService(name, first.Port);
        }

        return ForwardCoreAsync(context, feature, feature.Route, @namespace, backend, IngressAnnotations.None, affinity: null, rawTarget: false);
    }

    public void Dispose()
    {
        _pruning?.Dispose();
        _clients.Dispose();
    }

    private async Task ForwardCoreAsync(
        HttpContext context,
        IIngressRouteFeature feature,
        Route? route,
        string ns,
        IngressBackend backend,
        IngressAnnotations upstreamPolicies,
        SessionAffinity? affinity,
        bool rawTarget)
    {
        var upstreamFeature = new IngressUpstreamFeature();
        context.Features.Set(upstreamFeature);
        var snapshot = feature.Snapshot;
        var locationPolicies = feature.Decision.Match.Policies;
        var location = Location(locationPolicies);
        var resolved = snapshot.Services.Resolve(ns, backend);
        var clusterIp = upstreamPolicies.ServiceUpstream == true;
        if (resolved.Port is null || (resolved.Endpoints.Count == 0 && !(clusterIp && resolved.Service?.ClusterIP is not null)))
        {
            upstreamFeature.Service = string.Create(CultureInfo.InvariantCulture, $"{ns}/{backend}");
            await NoEndpointsAsync(context, feature, route, ns, backend, locationPolicies, resolved.Problem, upstreamFeature);
            return;
        }

        var upstream = _registry.Get(snapshot, resolved, clusterIp);
        upstreamFeature.Service = upstream.Port.Label;
        if (upstream.Endpoints.Length == 0)
        {
            await NoEndpointsAsync(context, feature, route, ns, backend, locationPolicies, resolved.Problem, upstreamFeature);
            return;
        }

        if (location.Protocol == BackendProtocol.Fcgi)
        {
            upstreamFeature.Error = "backend-protocol FCGI is not supported";
            await ProxyErrorPages.WriteAsync(context, StatusCodes.Status502BadGateway);
            return;
        }

        var exchange = new ProxyExchange(feature, upstreamFeature, location, upstream, rawTarget, IsIdempotent(context.Request.Method))
        {
            CanTryAgain = _canTryAgain,
        };
        if (location.CustomHeaders is var (headersNs, headersName))
        {
            var headers = _customHeaders.Get(snapshot, headersNs, headersName);
            if (headers.Problem is not null)
            {
                upstreamFeature.Error = "custom-headers denied";
                await ProxyErrorPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable);
                return;
            }

            exchange.ResponseHeaders = headers.Headers;
        }

        HttpMessageInvoker client;
        if (location.UsesTls(feature.Scheme))
        {
            var (tlsClient, _) = location.TlsClient(_clients, snapshot.Objects.TlsSecrets, upstream.Port.Label, _logDenied);
            if (tlsClient is null)
            {
                upstreamFeature.Error = "proxy-ssl-secret denied";
                await ProxyErrorPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable);
                return;
            }

            client = tlsClient;
            exchange.ExpectedServerName = upstream.Port.ClusterDnsName;
        }
        else
        {
            client = location.PlainClient(_clients);
        }

        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true })
        {
            if (location.RequestBuffering && context.Request.ContentLength is > 0 and var length && length <= _options.RequestBufferLimit)
            {
                if (!await BufferBodyAsync(context, upstreamFeature))
                {
                    return;
                }

                exchange.BodyBuffered = true;
            }
            else
            {
                exchange.Body = new RequestBodyObserver(context.Request.Body);
                context.Request.Body = exchange.Body;
            }
        }

        await TryEndpointsAsync(context, feature, route, exchange, client, upstreamPolicies, affinity, upstreamFeature);
    }

    private async Task TryEndpointsAsync(
        HttpContext context,
        IIngressRouteFeature feature,
        Route? route,
        ProxyExchange exchange,
        HttpMessageInvoker client,
        IngressAnnotations upstreamPolicies,
        SessionAffinity? affinity,
        IngressUpstreamFeature upstreamFeature)
    {
        var upstream = exchange.Upstream;
        var location = exchange.Location;
        var frequency = _time.TimestampFrequency;
        var started = _time.GetTimestamp();
        exchange.Deadline = location.NextUpstreamTimeout > TimeSpan.Zero
            ? started + (long)(location.NextUpstreamTimeout.TotalSeconds * frequency)
            : long.MaxValue;
        var maxTries = location.Tries <= 0 ? upstream.Endpoints.Length : Math.Min(location.Tries, upstream.Endpoints.Length);
        exchange.MaxTries = maxTries;
        var config = exchange.Body is null && !exchange.BodyBuffered ? location.Config : location.BodyConfig;
        var error = ForwarderError.None;
        while (true)
        {
            var now = _time.GetTimestamp();
            var index = Pick(context, feature, route, exchange, upstreamPolicies, affinity, now);
            if (index < 0)
            {
                break;
            }

            var endpoint = upstream.Endpoints[index];
            exchange.Tried.Add(index);
            upstreamFeature.Attempts++;
            upstreamFeature.Endpoint = endpoint.Authority;
            endpoint.Begin();
            var tryStarted = now;
            error = await _forwarder.SendAsync(context, location.HandlerTls ? endpoint.TlsDestinationPrefix : endpoint.DestinationPrefix, client, config, exchange);
            now = _time.GetTimestamp();
            endpoint.End((now - tryStarted) / (double)frequency, now, _decaySeconds, frequency);
            if (error == ForwarderError.None)
            {
                endpoint.MarkAnswered();
                if (!exchange.RetryRequested)
                {
                    break;
                }

                // A proxy-next-upstream status: the answer was held back for the next endpoint.
                exchange.RetryRequested = false;
                context.Response.Clear();
                if (exchange.BodyBuffered)
                {
                    context.Request.Body.Position = 0;
                }

                continue;
            }

            var failure = ForwardFailure.Of(error, context.Features.Get<IForwarderErrorFeature>()?.Exception, context);
            upstreamFeature.Error = failure.Reason;
            if (failure.EndpointFault && _failTicks > 0)
            {
                // Logged when it turns unavailable, not for every try of an endpoint already aside.
                if (endpoint.IsAvailable(now))
                {
                    LogSetAside(upstream.Port.Label, endpoint.Authority, failure.Reason, _options.FailTimeout.TotalSeconds);
                }

                endpoint.SetAside(now + _failTicks);
            }

            if (failure.Condition == NextUpstreamConditions.None || context.Response.HasStarted ||
                !exchange.SafeToRetry(failure.Condition, failure.Sent) || !CanTryAgain(exchange))
            {
                break;
            }

            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            upstreamFeature.Error = null;
            if (exchange.BodyBuffered)
            {
                context.Request.Body.Position = 0;
            }
        }

        upstreamFeature.Duration = _time.GetElapsedTime(started);
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            await AnswerFailureAsync(context, error, upstreamFeature);
        }
    }

    /// <summary>Whether one more endpoint may be tried: tries left, an untried endpoint, and time left under <c>proxy-next-upstream-timeout</c>.</summary>
    private bool CanTryAgain(ProxyExchange exchange) =>
        exchange.Tried.Count < exchange.MaxTries && _time.GetTimestamp() < exchange.Deadline;

    private int Pick(HttpContext context, IIngressRouteFeature feature, Route? route, ProxyExchange exchange, IngressAnnotations upstreamPolicies, SessionAffinity? affinity, long now)
    {
        var upstream = exchange.Upstream;
        ref var tried = ref exchange.Tried;
        if (affinity is not null)
        {
            var index = CookieAffinity.Pick(upstream, affinity, context, now, tried, Random.Shared, out var newKey);
            if (newKey is not null && index >= 0)
            {
                exchange.SetCookie = CookieAffinity.SetCookie(affinity, newKey, upstream.Port.BackendKey, route?.Path ?? "/", context.Request.IsHttps, _time.GetUtcNow());
            }

            return index;
        }

        if (upstreamPolicies.UpstreamHashBy is { } hashBy)
        {
            return EndpointPicker.Hash(upstream, HashKey.Of(hashBy, context, feature), now, tried);
        }

        return (upstreamPolicies.LoadBalance ?? _defaultBalance) == LoadBalanceAlgorithm.Ewma
            ? EndpointPicker.Ewma(upstream, now, tried, _decaySeconds, _time.TimestampFrequency, Random.Shared)
            : EndpointPicker.RoundRobin(upstream, now, tried);
    }

    /// <summary>
    /// A canary with affinity (its own, or the primary's under <c>affinity-canary-behavior:
    /// sticky</c>): a request whose cookie pins it to the primary or to the canary stays there,
    /// whatever the canary rules drew (ingress-nginx's balancer.lua <c>route_to_alternative_balancer</c>).
    /// </summary>
    private Route StickyCanary(HttpContext context, IngressSnapshot snapshot, Route primary, Route canary, Route chosen)
    {
        var primaryAffinity = primary.Policies.Affinity;
        var canaryAffinity = CanaryAffinity(primary, canary);
        if (primaryAffinity is not null && PinnedTo(context, snapshot, primaryAffinity, primary))
        {
            return primary;
        }

        if (canaryAffinity is not null && PinnedTo(context, snapshot, canaryAffinity, canary))
        {
            return canary;
        }

        return chosen;
    }

    private static SessionAffinity? CanaryAffinity(Route primary, Route canary) =>
        canary.Policies.Affinity ??
        (canary.Policies.AffinityCanaryBehavior == AffinityCanaryBehavior.Legacy ? null : primary.Policies.Affinity);

    private bool PinnedTo(HttpContext context, IngressSnapshot snapshot, SessionAffinity affinity, Route route)
    {
        if (CookieAffinity.BackendKeyOf(context.Request.Cookies[affinity.CookieName]) is not { } key)
        {
            return false;
        }

        var resolved = snapshot.Services.Resolve(route.Namespace, route.Backend);
        return resolved.Port is not null && resolved.Endpoints.Count > 0 &&
            string.Equals(_registry.Get(snapshot, resolved, clusterIp: false).Port.BackendKey, key, StringComparison.Ordinal);
    }

    /// <summary>
    /// No endpoint: the location's <c>default-backend</c> Service takes the request when it has
    /// one (with the error headers and <c>X-Code: 503</c>, as ingress-nginx's default backend gets
    /// them), else 503 with nginx's page.
    /// </summary>
    private async Task NoEndpointsAsync(
        HttpContext context, IIngressRouteFeature feature, Route? route, string ns, IngressBackend backend,
        IngressAnnotations policies, string? problem, IngressUpstreamFeature upstreamFeature)
    {
        upstreamFeature.Error = "no endpoints";
        LogNoEndpoints(ns, backend.ToString(), problem ?? "no endpoints");
        if (route is not null && policies.DefaultBackendService is { } fallback &&
            !string.Equals(fallback, backend.ServiceName, StringComparison.Ordinal))
        {
            ErrorBackends.SetErrorHeaders(context, route, StatusCodes.Status503ServiceUnavailable);
            await ForwardAsync(context, route.Namespace, new IngressBackend { ServiceName = fallback });
            return;
        }

        await ProxyErrorPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// <c>proxy-request-buffering: on</c>: reads a small body whole, in memory, so that it can be
    /// sent again. False when the client sent more than its limit allows (answered 413) or went away.
    /// </summary>
    private async Task<bool> BufferBodyAsync(HttpContext context, IngressUpstreamFeature upstreamFeature)
    {
        var limit = _options.RequestBufferLimit;
        context.Request.EnableBuffering(bufferThreshold: limit, bufferLimit: limit);
        try
        {
            await context.Request.Body.DrainAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            return true;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            upstreamFeature.Error = "request body too large";
            await IngressRoutingMiddleware.PlainTextAsync(context, StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large\n");
            return false;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            upstreamFeature.Error = "client closed";
            return false;
        }
    }

    private static Task AnswerFailureAsync(HttpContext context, ForwarderError error, IngressUpstreamFeature upstreamFeature)
    {
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled && context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        if (context.Features.Get<IForwarderErrorFeature>()?.Exception is { } exception && BodyTooLarge(exception))
        {
            // proxy-body-size while streaming: Kestrel stopped the body at the limit.
            upstreamFeature.Error = "request body too large";
            context.Response.Clear();
            return IngressRoutingMiddleware.PlainTextAsync(context, StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large\n");
        }

        var status = context.Response.StatusCode is StatusCodes.Status504GatewayTimeout or StatusCodes.Status400BadRequest
            ? context.Response.StatusCode
            : StatusCodes.Status502BadGateway;
        context.Response.Clear();
        return ProxyErrorPages.WriteAsync(context, status);
    }

    private static bool BodyTooLarge(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(BodyTooLarge))
            {
                return true;
            }
        }

        return false;
    }

    private LocationSettings Location(IngressAnnotations policies) =>
        ReferenceEquals(policies, IngressAnnotations.None)
            ? _defaultLocation
            : _locations.GetValue(policies, p => new LocationSettings(p, _options, _defaultConditions));

    /// <summary>nginx passes POST, LOCK and PATCH to another endpoint only with <c>non_idempotent</c>.</summary>
    private static bool IsIdempotent(string method) =>
        !(HttpMethods.IsPost(method) || HttpMethods.IsPatch(method) || string.Equals(method, "LOCK", StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "no endpoints for {Namespace}/{Backend}: {Problem}")]
    private partial void LogNoEndpoints(string @namespace, string backend, string problem);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "endpoint {Endpoint} of {Service} set aside for {Seconds} s: {Reason}")]
    private partial void LogSetAside(string service, string endpoint, string reason, double seconds);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "requests to {Service} are denied: {Problem}")]
    private partial void LogDenied(string service, string problem);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "custom-headers ConfigMap {ConfigMap} {Problem}; its locations are denied (503)")]
    private partial void LogCustomHeadersDenied(string configMap, string problem);
}
