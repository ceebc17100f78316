namespace IngressCore.Matching;

/// <summary>The outcome of <see cref="RouteTable.Match"/>.</summary>
public enum RouteMatchStatus
{
    /// <summary>No path matched and no default backend applies: the answer is 404.</summary>
    NotFound,

    /// <summary>A path rule matched.</summary>
    Matched,

    /// <summary>No path matched; a default backend (the host's, else the catch-all) takes the request.</summary>
    DefaultBackend,

    /// <summary>The request path is malformed (it escapes the root, or decodes to a control character): the answer is 400.</summary>
    BadRequest,
}
