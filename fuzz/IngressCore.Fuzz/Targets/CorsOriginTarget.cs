using IngressCore.Annotations;
using IngressCore.Fuzz.Support;
using IngressCore.Model;
using IngressCore.Routing.Policies;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// The cors-allow-origin grammar. Every accepted entry must match the origin it names (a
/// wildcard entry with one label put in), and the matcher must answer any Origin without throwing.
/// </summary>
internal static class CorsOriginTarget
{
    private static readonly string[] Origins =
        ["https://fuzz.example.com", "http://a.b.example.com:8080", "null", "", "https://", "*", "https://-.example.com", "HTTPS://FUZZ.EXAMPLE.COM"];

    public static void Run(ReadOnlySpan<byte> input)
    {
        var value = FuzzText.Utf8(input);
        var ingress = Ingresses.Create(
            "cors", "fuzz.example.com", "/", PathType.Prefix, [("enable-cors", "true"), ("cors-allow-origin", value)]);
        var parsed = IngressAnnotations.Parse(ingress, []);
        if (parsed.Cors is { } cors)
        {
            foreach (var origin in cors.AllowedOrigins)
            {
                var named = origin.IsWildcardSubdomain ? origin.Value.Replace("*", "a", StringComparison.Ordinal) : origin.Value;
                if (!CorsOriginMatcher.Matches(origin, named))
                {
                    throw new FuzzFinding($"the entry {origin.Value} does not match {named}");
                }
            }

            foreach (var origin in Origins.Append(value))
            {
                _ = CorsOriginMatcher.MatchesAny(cors.AllowedOrigins, origin);
            }
        }

        Serving.Build(ingress);
    }
}
