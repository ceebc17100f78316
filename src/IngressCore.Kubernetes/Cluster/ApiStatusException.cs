namespace IngressCore.Kubernetes.Cluster;

/// <summary>The API server answered with an error: its HTTP status and, when it sent one, its <c>Status</c> object's reason and message.</summary>
internal sealed class ApiStatusException : Exception
{
    public ApiStatusException()
    {
    }

    public ApiStatusException(string message)
        : base(message)
    {
    }

    public ApiStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ApiStatusException(int code, string? reason, string message)
        : base(message)
    {
        Code = code;
        Reason = reason;
    }

    /// <summary>The HTTP status code (or the Status object's <c>code</c>).</summary>
    public int Code { get; }

    /// <summary>The Status object's <c>reason</c>, such as <c>Forbidden</c> or <c>Expired</c>.</summary>
    public string? Reason { get; }

    /// <summary>410: the resourceVersion asked for is older than what the server keeps; the client must list again.</summary>
    public bool IsGone => Code == 410;
}
