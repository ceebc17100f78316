using IngressCore.Fuzz.Support;
using IngressCore.Model;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// The canary rules (header, value, pattern, cookie, weight) on a canary Ingress beside its
/// primary, and requests that carry the fuzzed header and cookie values, through the decision.
/// </summary>
internal static class CanaryTarget
{
    private static readonly string[] RuleNames =
        ["canary-by-header", "canary-by-header-value", "canary-by-header-pattern", "canary-by-cookie", "canary-weight", "canary-weight-total"];

    public static void Run(ReadOnlySpan<byte> input)
    {
        var lines = FuzzText.Lines(FuzzText.Utf8(input), RuleNames.Length + 2);
        var annotations = new List<(string, string)> { ("canary", "true") };
        for (var i = 0; i < RuleNames.Length; i++)
        {
            if (FuzzText.Optional(lines[i]) is { } value)
            {
                annotations.Add((RuleNames[i], value));
            }
        }

        var table = Serving.Build(
            Ingresses.Create("primary", "fuzz.example.com", "/", PathType.Prefix),
            Ingresses.Create("canary", "fuzz.example.com", "/", PathType.Prefix, annotations));

        var header = lines[0].Length > 0 ? lines[0] : "X-Canary";
        var cookie = lines[3].Length > 0 ? lines[3] : "canary";
        foreach (var sent in new[] { lines[^2], lines[^1], "always", "never", lines[1] })
        {
            Serving.Decide(table, new FuzzRequest("http", "fuzz.example.com", "/")
            {
                Headers = new Dictionary<string, string> { [header] = sent },
                Cookies = new Dictionary<string, string> { [cookie] = sent },
            });
        }
    }
}
