using IngressCore.Fuzz.Support;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// The redirect annotations (permanent and temporal redirects and their codes, app-root,
/// from-to-www-redirect, relative-redirects): whatever they hold, a Location must be safe to send.
/// </summary>
internal static class RedirectTarget
{
    private static readonly string[] Names =
        ["permanent-redirect", "permanent-redirect-code", "temporal-redirect", "temporal-redirect-code", "app-root", "from-to-www-redirect", "relative-redirects"];

    public static void Run(ReadOnlySpan<byte> input)
    {
        var lines = FuzzText.Lines(FuzzText.Utf8(input), Names.Length);
        var annotations = new List<(string, string)>();
        for (var i = 0; i < Names.Length; i++)
        {
            if (FuzzText.Optional(lines[i]) is { } value)
            {
                annotations.Add((Names[i], value));
            }
        }

        var table = Serving.Build(Ingresses.Create("redirect", "fuzz.example.com", "/app", PathType.Prefix, annotations));
        foreach (var request in Serving.PlainRequests)
        {
            var decision = Serving.Decide(table, request);
            if (decision.Location is { } location && (location.StartsWith("//", StringComparison.Ordinal) || !(location.StartsWith('/') || location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase))))
            {
                throw new FuzzFinding($"the Location {location} is neither a path nor an http(s) URL, or names another host with '//'");
            }
        }
    }
}
