namespace IngressCore.Decisions;

/// <summary>How the gateway answers a request.</summary>
public enum IngressDecisionKind
{
    /// <summary>A backend takes the request (<see cref="IngressDecision.Route"/>, <see cref="IngressDecision.UpstreamTarget"/>).</summary>
    Backend,

    /// <summary>The gateway redirects (<see cref="IngressDecision.StatusCode"/>, <see cref="IngressDecision.Location"/>).</summary>
    Redirect,

    /// <summary>The gateway answers with a status of its own: 400 for a malformed path, 404 when nothing takes the request.</summary>
    Status,
}
