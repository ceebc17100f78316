using IngressCore.Matching;

namespace IngressCore.Decisions;

/// <summary>
/// What the gateway does with a request once the route's redirect, rewrite and canary policies
/// have run (<see cref="IngressRequestDecider"/>). Allocation-free for requests that are neither
/// redirected nor rewritten.
/// </summary>
public readonly struct IngressDecision
{
    internal IngressDecision(
        IngressDecisionKind kind,
        RouteMatch match,
        string decidedBy,
        int statusCode = 0,
        string? location = null,
        Route? route = null,
        bool isCanary = false,
        string? upstreamTarget = null,
        string? forwardedPrefix = null,
        string? canaryRule = null,
        bool isRewritten = false)
    {
        Kind = kind;
        Match = match;
        DecidedBy = decidedBy;
        StatusCode = statusCode;
        Location = location;
        Route = route;
        IsCanary = isCanary;
        UpstreamTarget = upstreamTarget;
        ForwardedPrefix = forwardedPrefix;
        CanaryRule = canaryRule;
        IsRewritten = isRewritten;
    }

    /// <summary>How the request is answered.</summary>
    public IngressDecisionKind Kind { get; }

    /// <summary>The route-table match the decision started from.</summary>
    public RouteMatch Match { get; }

    /// <summary>
    /// What decided: for a redirect the annotation (<c>from-to-www-redirect</c>, <c>app-root</c>,
    /// <c>permanent-redirect</c>, <c>temporal-redirect</c>, <c>rewrite-target</c>,
    /// <c>ssl-redirect</c>, <c>force-ssl-redirect</c>), otherwise the routing outcome (<c>path</c>,
    /// <c>default-backend</c>, <c>not-found</c>, <c>bad-request</c>).
    /// </summary>
    public string DecidedBy { get; }

    /// <summary>The status of a <see cref="IngressDecisionKind.Redirect"/> or <see cref="IngressDecisionKind.Status"/>; 0 for a backend.</summary>
    public int StatusCode { get; }

    /// <summary>The redirect's Location, or <see langword="null"/>.</summary>
    public string? Location { get; }

    /// <summary>The route whose backend takes the request: the matched route, its default backend, or its canary; <see langword="null"/> unless <see cref="IngressDecisionKind.Backend"/>.</summary>
    public Route? Route { get; }

    /// <summary>Whether <see cref="Route"/> is a canary.</summary>
    public bool IsCanary { get; }

    /// <summary>The canary annotation that chose between primary and canary, or <see langword="null"/> when no canary was considered.</summary>
    public string? CanaryRule { get; }

    /// <summary>The request-target (path and query) the backend receives: the original one unless a rewrite applies.</summary>
    public string? UpstreamTarget { get; }

    /// <summary>The <c>X-Forwarded-Prefix</c> header to send upstream (only when the request was rewritten), or <see langword="null"/>.</summary>
    public string? ForwardedPrefix { get; }

    /// <summary>Whether the backend receives a rewritten request-target.</summary>
    public bool IsRewritten { get; }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        IngressDecisionKind.Backend => $"{Route} ({DecidedBy}) {UpstreamTarget}",
        IngressDecisionKind.Redirect => $"{StatusCode} {Location} ({DecidedBy})",
        _ => $"{StatusCode} ({DecidedBy})",
    };
}
