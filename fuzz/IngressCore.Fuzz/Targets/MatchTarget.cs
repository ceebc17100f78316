using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Fuzz.Support;
using IngressCore.Matching;

namespace IngressCore.Fuzz.Targets;

/// <summary>Any Host and request-target against a fixed table: Match never throws and agrees with Explain.</summary>
internal static class MatchTarget
{
    /// <summary>Built on the first input (see <see cref="FuzzTargets"/>).</summary>
    private static RouteTable? _table;

    public static void Run(ReadOnlySpan<byte> input)
    {
        _table ??= RouteTable.Build(
        [
            Ingresses.Create("a", "shop.example.com", "/", PathType.Prefix),
            Ingresses.Create("b", "shop.example.com", "/api", PathType.Prefix),
            Ingresses.Create("c", "shop.example.com", "/api/health", PathType.Exact),
            Ingresses.Create("d", "*.example.com", "/static/", PathType.Prefix),
            Ingresses.Create("e", null, "/", PathType.ImplementationSpecific),
        ]);

        var text = FuzzText.Utf8(input);
        var split = text.IndexOf('\n', StringComparison.Ordinal);
        var host = split < 0 ? string.Empty : text[..split];
        var path = split < 0 ? text : text[(split + 1)..];
        var match = _table.Match(host, path);
        var explained = _table.Explain(host, path).Result;
        if (match.Status != explained.Status || !ReferenceEquals(match.Route, explained.Route))
        {
            throw new FuzzFinding($"Host {host}, target {path}: Match and Explain disagree");
        }
    }
}
