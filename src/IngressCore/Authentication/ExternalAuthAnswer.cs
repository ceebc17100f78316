namespace IngressCore.Authentication;

/// <summary>An auth service's answer: its status, what it means, and its response headers (the body is never read).</summary>
/// <param name="Status">The status, or 0 when no answer came.</param>
/// <param name="Outcome">What it decides.</param>
/// <param name="Headers">The response headers, one entry per value, in order.</param>
/// <param name="Failure">Why there was no usable answer, for the log; <see langword="null"/> otherwise.</param>
internal sealed record ExternalAuthAnswer(int Status, ExternalAuthOutcome Outcome, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Failure = null)
{
    /// <summary>Every value of a response header (case-insensitive name), in order.</summary>
    public IEnumerable<string> Values(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>What a status means to nginx's <c>auth_request</c>.</summary>
    public static ExternalAuthOutcome OutcomeOf(int status) => status switch
    {
        >= 200 and < 300 => ExternalAuthOutcome.Allow,
        401 => ExternalAuthOutcome.Unauthorized,
        403 => ExternalAuthOutcome.Forbidden,
        _ => ExternalAuthOutcome.Error,
    };

    /// <summary>No usable answer.</summary>
    public static ExternalAuthAnswer Failed(string failure) => new(0, ExternalAuthOutcome.Error, [], failure);
}
