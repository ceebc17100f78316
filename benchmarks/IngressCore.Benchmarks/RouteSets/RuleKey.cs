namespace IngressCore.Benchmarks.RouteSets;

/// <summary>One routing rule as every matcher reports it: the host as declared (exact or <c>*.</c> wildcard) and the Prefix path.</summary>
/// <param name="Host">The rule host as declared, such as <c>customer7.platform.com</c> or <c>*.platform.com</c>.</param>
/// <param name="Prefix">The Prefix path, without a trailing slash.</param>
public sealed record RuleKey(string Host, string Prefix)
{
    /// <inheritdoc />
    public override string ToString() => $"{Host}{Prefix}";
}
