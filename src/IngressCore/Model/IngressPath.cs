namespace IngressCore.Model;

/// <summary>One <c>spec.rules[].http.paths[]</c> entry.</summary>
public sealed record IngressPath
{
    /// <summary>The path as written; <see langword="null"/> or empty means <c>/</c>.</summary>
    public string? Path { get; init; }

    /// <summary>The path type as written; <see langword="null"/> means Prefix.</summary>
    public PathType? PathType { get; init; }

    /// <summary>The backend; <see langword="null"/> is reported as an error.</summary>
    public IngressBackend? Backend { get; init; }
}
