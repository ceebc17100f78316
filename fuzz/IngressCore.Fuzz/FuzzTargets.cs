using System.Text;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Kubernetes;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Fuzz;

/// <summary>
/// The fuzz targets. Each must never throw for any input: an exception (or a crash) is the
/// finding. Invariants that must hold are asserted with <see cref="InvalidOperationException"/>.
/// </summary>
internal static class FuzzTargets
{
    private static readonly RouteTable Table = RouteTable.Build(
    [
        Ingress("a", "shop.example.com", "/", PathType.Prefix),
        Ingress("b", "shop.example.com", "/api", PathType.Prefix),
        Ingress("c", "shop.example.com", "/api/health", PathType.Exact),
        Ingress("d", "*.example.com", "/static/", PathType.Prefix),
        Ingress("e", null, "/", PathType.ImplementationSpecific),
    ]);

    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>
    {
        // Line 1 is the Host, the rest the request-target: Match and Explain must agree and never throw.
        ["match"] = input =>
        {
            var text = Encoding.UTF8.GetString(input);
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            var host = split < 0 ? string.Empty : text[..split];
            var path = split < 0 ? text : text[(split + 1)..];
            var match = Table.Match(host, path);
            var explained = Table.Explain(host, path).Result;
            if (match.Status != explained.Status || !ReferenceEquals(match.Route, explained.Route))
            {
                throw new InvalidOperationException("Match and Explain disagree");
            }
        },

        // Line 1 is a rule host, line 2 a path, line 3 a path type: the builder reports, never throws.
        ["ingress"] = input =>
        {
            var lines = Encoding.UTF8.GetString(input).Split('\n');
            var type = lines.Length > 2 && Enum.TryParse<PathType>(lines[2], out var t) ? t : PathType.Prefix;
            var ingress = Ingress("fuzz", lines[0], lines.Length > 1 ? lines[1] : "/", type);
            var builder = new RouteTableBuilder();
            var table = builder.Add(ingress).Build();
            var refused = builder.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (refused == (table.Ingresses.Count == 1))
            {
                throw new InvalidOperationException("an Ingress was both refused and served, or neither");
            }
        },

        // A whole manifest file: the loader and the builder report, never throw.
        ["manifest"] = input =>
        {
            var path = Path.Combine(Path.GetTempPath(), $"ingresscore-fuzz-{Environment.ProcessId}.yaml");
            File.WriteAllBytes(path, input);
            try
            {
                var set = ManifestLoader.Load(path);
                _ = new RouteTableBuilder().AddRange(set.Ingresses).Build();
            }
            finally
            {
                File.Delete(path);
            }
        },
    };

    private static IngressDefinition Ingress(string name, string? host, string path, PathType type) => new()
    {
        Namespace = "fuzz",
        Name = name,
        Rules =
        [
            new IngressRule
            {
                Host = host,
                Paths = [new IngressPath { Path = path, PathType = type, Backend = IngressBackend.ForService("svc-" + name, 80) }],
            },
        ],
    };
}
