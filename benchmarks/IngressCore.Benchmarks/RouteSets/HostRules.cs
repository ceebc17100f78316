namespace IngressCore.Benchmarks.RouteSets;

/// <summary>The Prefix paths of one rule host.</summary>
/// <param name="Host">The rule host: an exact name or a <c>*.</c> wildcard.</param>
/// <param name="Prefixes">The Prefix paths (absolute, no trailing slash, never <c>/</c>).</param>
public sealed record HostRules(string Host, IReadOnlyList<string> Prefixes)
{
    /// <summary>Whether the host is a <c>*.</c> wildcard.</summary>
    public bool IsWildcard => Host.StartsWith("*.", StringComparison.Ordinal);
}
