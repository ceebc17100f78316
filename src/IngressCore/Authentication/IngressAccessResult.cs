namespace IngressCore.Authentication;

/// <summary>What a location's access checks decide for one request (<see cref="IngressAccessPolicy.Evaluate"/>).</summary>
public sealed record IngressAccessResult
{
    /// <summary>Whether the request goes on to its backend.</summary>
    public required bool Allowed { get; init; }

    /// <summary>
    /// The status the gateway answers instead (401, 403, 500, 503, or 302 to <c>auth-signin</c>); 0
    /// when <see cref="Allowed"/>, and -1 when the answer depends on an external auth status that was not given.
    /// </summary>
    public required int StatusCode { get; init; }

    /// <summary>The <c>Location</c> of a 302 to the sign-in page, or <see langword="null"/>.</summary>
    public string? Location { get; init; }

    /// <summary>Which check decided, in words.</summary>
    public required string Reason { get; init; }
}
