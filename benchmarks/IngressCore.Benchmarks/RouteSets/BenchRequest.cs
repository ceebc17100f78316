namespace IngressCore.Benchmarks.RouteSets;

/// <summary>One request of a mix and the rule every matcher must select for it.</summary>
/// <param name="Host">The Host header (lower case, no port).</param>
/// <param name="Path">The request path (already normal: absolute, no query, no dot segments).</param>
/// <param name="Kind">What the request exercises.</param>
/// <param name="Expected">The rule that must match, or <see langword="null"/> for a 404.</param>
public sealed record BenchRequest(string Host, string Path, RequestKind Kind, RuleKey? Expected);
