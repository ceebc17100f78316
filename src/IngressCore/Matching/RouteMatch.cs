namespace IngressCore.Matching;

/// <summary>The result of matching one request against a <see cref="RouteTable"/>. Allocation-free.</summary>
public readonly struct RouteMatch
{
    internal RouteMatch(RouteMatchStatus status, Route? route)
    {
        Status = status;
        Route = route;
    }

    /// <summary>The outcome.</summary>
    public RouteMatchStatus Status { get; }

    /// <summary>
    /// The route that takes the request: the matched path rule, or the default backend when
    /// <see cref="Status"/> is <see cref="RouteMatchStatus.DefaultBackend"/>; otherwise <see langword="null"/>.
    /// </summary>
    public Route? Route { get; }

    /// <summary>Whether a path rule matched.</summary>
    public bool Success => Status == RouteMatchStatus.Matched;

    /// <summary>Whether a default backend takes the request.</summary>
    public bool IsDefaultBackend => Status == RouteMatchStatus.DefaultBackend;

    /// <inheritdoc />
    public override string ToString() => Route is null ? Status.ToString() : $"{Status}: {Route}";
}
