using IngressCore.Decisions;

namespace IngressCore.Fuzz.Support;

/// <summary>A request for <see cref="Serving"/>: what Kestrel would hand the middleware.</summary>
internal sealed record FuzzRequest(string Scheme, string Host, string Target) : IIngressRequest
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Cookies { get; init; } = new Dictionary<string, string>();

    public int ServerPort => Scheme == "https" ? 443 : 80;

    public string? ForwardedHost => null;

    public string? GetHeader(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? GetCookie(string name) => Cookies.GetValueOrDefault(name);
}
