namespace IngressCore.Model;

/// <summary>One <c>spec.rules[]</c> entry: a host (or none) and its HTTP paths.</summary>
public sealed record IngressRule
{
    /// <summary>The rule host: an exact DNS name, a <c>*.</c> wildcard, or <see langword="null"/> for every host.</summary>
    public string? Host { get; init; }

    /// <summary>
    /// The <c>http.paths</c> list, or <see langword="null"/> when the rule has no <c>http</c> section
    /// (the host then only gets the Ingress's default backend).
    /// </summary>
    public IReadOnlyList<IngressPath>? Paths { get; init; }
}
