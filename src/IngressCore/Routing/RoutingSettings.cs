using IngressCore.Authentication;
using IngressCore.Decisions;
using IngressCore.Routing.Policies;
using IngressCore.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IngressCore.Routing;

/// <summary>
/// What the routing middleware needs besides the snapshot, made once from the options: the
/// decider with its redirect defaults and canary draw, the HSTS value, the trusted proxies, the
/// rate-limit zones (which outlive snapshots) and the default body limit.
/// </summary>
internal sealed class RoutingSettings : IDisposable
{
    public RoutingSettings(IOptions<IngressRoutingOptions> options, IngressRuntime runtime, TimeProvider time, ILoggerFactory? loggers = null)
    {
        var o = options.Value;
        Decider = new IngressRequestDecider(o.ToSslRedirectPolicy(), o.CanarySeed);
        HstsHeaderValue = o.Hsts.ToHeaderValue();
        Proxies = new TrustedProxies(o.TrustedProxies, o.TrustedNetworks);
        RateLimits = new RateLimitZones(() => runtime.Current.Routes, o.LimitRequestStatusCode, o.LimitConnectionStatusCode, time);
        ProxyBodySize = o.ProxyBodySize;
        CustomHttpErrors = [.. o.CustomHttpErrors];
        DefaultBackendService = o.DefaultBackendService;
        Time = time;
        var auth = o.ExternalAuth;
        _authClient = new ExternalAuthClient(time, () => runtime.Current.Services, auth.ConnectTimeout, auth.ReadTimeout, auth.ClusterDomain);
        Access = new AccessPhase(
            _authClient,
            new ExternalAuthCache(time, auth.CacheCapacity),
            [.. o.NoAuthLocations],
            Proxies,
            (loggers ?? NullLoggerFactory.Instance).CreateLogger<AccessPhase>());
    }

    private readonly ExternalAuthClient _authClient;

    /// <summary>The controller's custom-http-errors, for locations without the annotation.</summary>
    public IReadOnlyList<int> CustomHttpErrors { get; }

    /// <summary>The controller-wide default backend, <c>namespace/name</c> (validated), or <see langword="null"/>.</summary>
    public string? DefaultBackendService { get; }

    /// <summary>The clock auth waits and client certificates are checked by.</summary>
    public TimeProvider Time { get; }

    /// <summary>Basic and external authentication, combined with the source ranges by satisfy.</summary>
    public AccessPhase Access { get; }

    public IngressRequestDecider Decider { get; }

    public string? HstsHeaderValue { get; }

    public TrustedProxies Proxies { get; }

    /// <summary>The rate-limit zones of the served Ingresses (docs/annotations.md, rate limits).</summary>
    public RateLimitZones RateLimits { get; }

    /// <summary>The request body limit of locations without <c>proxy-body-size</c>, or <see langword="null"/>.</summary>
    public long? ProxyBodySize { get; }

    public void Dispose()
    {
        RateLimits.Dispose();
        _authClient.Dispose();
    }
}
