using System.Globalization;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Fuzz.Support;
using IngressCore.Matching;
using IngressCore.Tests.Reference;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// The compiled route table against the reference matcher (tests/IngressCore.Tests/Reference, a
/// plain transcription of docs/matching.md): the leading bytes choose a small valid table from
/// alphabets where hosts, prefixes and precedence collide; the rest is UTF-8 lines, alternately a
/// Host and a request-target, sent after one request aimed at each of the table's paths. Any
/// disagreement, or Explain disagreeing with Match, is a finding.
/// </summary>
internal static class DifferentialTarget
{
    private const int MaxRequests = 8;

    private static readonly string?[] RuleHosts =
        ["foo.com", "bar.foo.com", "*.foo.com", "*.bar.foo.com", "example.org", "*.example.org", "a-1.example.org", null];

    private static readonly string[] Segments =
        ["a", "b", "ab", "A", "app.js", "items", "itemz", "abcdefgh", "abcdefgx", "x_y", "~u", "...", "1", "b.c"];

    private static readonly PathType?[] PathTypes = [PathType.Exact, PathType.Prefix, PathType.ImplementationSpecific, null];

    private static readonly string[] Services = ["svc-a", "svc-b", "web"];

    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Run(ReadOnlySpan<byte> input)
    {
        var bytes = new FuzzBytes(input);
        var ingresses = Table(ref bytes);
        var lines = FuzzText.Utf8(bytes.Rest).Split('\n');

        var table = Serving.Build([.. ingresses]);
        var reference = new ReferenceMatcher(ReferenceMatcher.Served(ingresses, new RouteTableOptions()));

        var requests = Aimed(ingresses).ToList();
        for (var i = 0; i + 1 < lines.Length && requests.Count < MaxRequests * 2; i += 2)
        {
            requests.Add((lines[i], lines[i + 1]));
        }

        foreach (var (host, target) in requests)
        {
            var expected = reference.Match(host, target);
            var actual = table.Match(host, target);
            if (!expected.SameAs(actual))
            {
                throw new FuzzFinding(
                    $"Host {host}, target {target}: reference {expected}, engine {ReferenceOutcome.Of(actual)}" +
                    $" (path {ReferenceMatcher.NormalizePath(target) ?? "(400)"}, host {ReferenceMatcher.NormalizeHost(host)})");
            }

            var explained = table.Explain(host, target).Result;
            if (explained.Status != actual.Status || !ReferenceEquals(explained.Route, actual.Route))
            {
                throw new FuzzFinding($"Host {host}, target {target}: Explain says {ReferenceOutcome.Of(explained)}, Match {ReferenceOutcome.Of(actual)}");
            }
        }
    }

    private static List<IngressDefinition> Table(ref FuzzBytes bytes)
    {
        var count = 1 + bytes.Next(4);
        var ingresses = new List<IngressDefinition>(count);
        for (var i = 0; i < count; i++)
        {
            var ruleCount = bytes.Next(3);
            var rules = new List<IngressRule>();
            for (var r = 0; r < ruleCount; r++)
            {
                var paths = new List<IngressPath>();
                for (var p = 1 + bytes.Next(4); p > 0; p--)
                {
                    paths.Add(new IngressPath { Path = PathOf(ref bytes), PathType = bytes.Pick(PathTypes), Backend = Backend(ref bytes) });
                }

                rules.Add(new IngressRule { Host = bytes.Pick(RuleHosts), Paths = paths });
            }

            var minute = bytes.Next(5) - 1;
            var name = i > 0 && bytes.Next(8) == 0 ? ingresses[i - 1].Name : "ing-" + i.ToString(CultureInfo.InvariantCulture);
            ingresses.Add(new IngressDefinition
            {
                Namespace = bytes.Next(2) == 0 ? "default" : "team-b",
                Name = name,
                CreationTimestamp = minute < 0 ? null : Epoch.AddMinutes(minute),
                IngressClassName = bytes.Next(8) == 0 ? "other" : null,
                Rules = rules,
                DefaultBackend = ruleCount == 0 || bytes.Next(3) == 0 ? Backend(ref bytes) : null,
            });
        }

        return ingresses;
    }

    private static string? PathOf(ref FuzzBytes bytes)
    {
        var depth = bytes.Next(4);
        var segments = new List<string>();
        for (var d = 0; d < depth; d++)
        {
            segments.Add(bytes.Pick(Segments));
        }

        return bytes.Next(16) switch
        {
            0 => null,
            1 => string.Empty,
            var n => "/" + string.Join('/', segments) + (n % 3 == 0 && depth > 0 ? "/" : string.Empty),
        };
    }

    private static IngressBackend Backend(ref FuzzBytes bytes) =>
        IngressBackend.ForService(bytes.Pick(Services), bytes.Next(2) == 0 ? 80 : 8080);

    /// <summary>One request at each path of the table, from a host its rule matches.</summary>
    private static IEnumerable<(string Host, string Target)> Aimed(List<IngressDefinition> ingresses) =>
        from ingress in ingresses
        from rule in ingress.Rules
        from path in rule.Paths ?? []
        select (rule.Host?.Replace("*", "x", StringComparison.Ordinal) ?? "any.example", string.IsNullOrEmpty(path.Path) ? "/" : path.Path);
}
