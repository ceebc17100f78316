using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using IngressCore.Model;
using Xunit.Abstractions;
using Xunit.Sdk;
using static IngressCore.IntegrationTests.Nginx.NginxIngresses;
using IngressCore.Building;
using IngressCore.Diagnostics;

namespace IngressCore.IntegrationTests.Nginx;

/// <summary>
/// Random route tables and requests, answered by real nginx configured as ingress-nginx renders
/// the table and by IngressCore: every answer must agree, or be a documented difference.
/// One nginx per table; 25 tables of 30 requests, from a fixed seed so CI runs the same tables
/// every time; <see cref="NginxDifferentialRandomPass"/> adds 20 tables from a new seed each run.
/// </summary>
public sealed class NginxDifferentialProperties
{
    [Property(MaxTest = 25, Replay = "(20261126,3131)", Arbitrary = [typeof(NginxTableGenerators)])]
    public async Task IngressCore_and_nginx_answer_every_request_alike(NginxTable table)
    {
        var report = await NginxDifferential.RunAsync(table.Ingresses, table.Requests);
        var unexplained = report.Unexplained.ToList();
        if (unexplained.Count > 0)
        {
            throw new XunitException($"{unexplained.Count} of {report.Comparisons.Count} requests disagree:\n{report.Describe(unexplained)}");
        }
    }
}

/// <summary>
/// The same comparison on tables from a new seed every run, so CI explores beyond the fixed
/// replay above. The seed is printed in the test output and in any failure; set
/// <c>INGRESSCORE_NGINX_SEED</c> to it to run the same tables again.
/// </summary>
public sealed class NginxDifferentialRandomPass(ITestOutputHelper output)
{
    private const int Tables = 20;

    [Fact]
    public async Task A_random_seed_pass_agrees_with_nginx_or_names_the_difference()
    {
        var seed = Environment.GetEnvironmentVariable("INGRESSCORE_NGINX_SEED") is { Length: > 0 } given
            ? ulong.Parse(given, System.Globalization.CultureInfo.InvariantCulture)
            : (ulong)System.Random.Shared.NextInt64(long.MaxValue);
        output.WriteLine($"nginx differential random pass: seed {seed} (INGRESSCORE_NGINX_SEED={seed} replays it)");

        var tables = NginxTableGenerators.Tables().Generator.Sample(Tables, new Rnd(seed), 30);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var table in tables)
        {
            var report = await NginxDifferential.RunAsync(table.Ingresses, table.Requests);
            foreach (var comparison in report.Comparisons)
            {
                var key = comparison.Agrees ? "agree" : comparison.Known?.ToString() ?? "UNEXPLAINED";
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            var unexplained = report.Unexplained.ToList();
            if (unexplained.Count > 0)
            {
                failures.Add($"{unexplained.Count} of {report.Comparisons.Count} requests disagree:\n{report.Describe(unexplained)}");
            }
        }

        output.WriteLine($"{tables.Length} tables: " + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}")));
        if (failures.Count > 0)
        {
            throw new XunitException($"seed {seed} (set INGRESSCORE_NGINX_SEED={seed} to replay):\n" + string.Join("\n", failures));
        }
    }
}

/// <summary>A generated table and the requests sent to it.</summary>
public sealed record NginxTable(IReadOnlyList<IngressDefinition> Ingresses, IReadOnlyList<Probe> Requests)
{
    public override string ToString() =>
        string.Join("\n", Ingresses.Select(i => $"{i.Name} {string.Join(",", i.Annotations.Select(a => $"{a.Key}={a.Value}"))} " +
            string.Join("; ", i.Rules.Select(r => r.Host + ": " + string.Join(", ", (r.Paths ?? []).Select(p => $"{p.PathType} {p.Path}"))))));
}

/// <summary>
/// Small alphabets so that paths overlap and hosts collide: two hosts and host-less rules, literal
/// segments, a few safe regular expressions (ImplementationSpecific only, as validation requires),
/// use-regex, rewrite targets with and without captures, app-root, permanent-redirect, a host
/// default backend; requests from the same segments with
/// case changes, <c>//</c>, <c>/./</c>, <c>..</c> (also above the root: 400), <c>%61</c> and
/// <c>%2F</c> escapes, trailing slashes and a query string.
/// </summary>
public static class NginxTableGenerators
{
    /// <summary>Rule hosts; <see langword="null"/> is a host-less rule (nginx's "_" server, which other.test reaches).</summary>
    private static readonly string?[] Hosts = ["h1.test", "h2.test", null];

    private static readonly string[] Segments = ["a", "ab", "b", "api", "v1"];

    /// <summary>Regex paths whose meaning is the same in PCRE and .NET; (a|ab) tests alternation priority in captures.</summary>
    private static readonly string[] RegexPaths = ["/a/(.*)", "/v[0-9]+", "/(a|b)/x$", "/api/(v1|v2)(/|$)(.*)", "/(a|ab)(.*)", "/b(/|$)(.*)"];

    private static readonly string[] RewriteTargets = ["/", "/x", "/$1", "/$2", "/r/$1/$2"];

    /// <summary>Request paths that hit the regex paths above.</summary>
    private static readonly string[] RegexHits = ["/a/b", "/a/", "/v12/x", "/V1", "/b/x", "/a/x", "/api/v2/x", "/api/v1", "/ab/x", "/abc", "/b"];

    private static readonly string[] RequestHosts = ["h1.test", "h2.test", "H1.TEST", "h2.test:8080", "other.test"];

    public static Arbitrary<NginxTable> Tables() => TableGen.ToArbitrary();

    private static Gen<NginxTable> TableGen =>
        from count in Gen.Choose(1, 5)
        from ingresses in Gen.CollectToList(Enumerable.Range(0, count), IngressGen)
        let table = WithoutPrefixTwins(ingresses)
        from requests in Gen.ListOf(RequestGen, 30)
        select new NginxTable(table, requests);

    private static Gen<IngressDefinition> IngressGen(int index) =>
        from annotations in AnnotationsGen
        from hostCount in Gen.Choose(1, 3)
        from hosts in Gen.Shuffle(Hosts)
        from rules in Gen.CollectToList(hosts.Take(hostCount), host =>
            from pathCount in Gen.Choose(1, 3)
            from paths in Gen.ListOf(PathGen, pathCount)
            select new IngressRule { Host = host, Paths = [.. paths.Select(p => Path("ing" + index, p.Path, p.Type))] })
        from defaultBackend in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        select Ingress("ing" + index, index + 1, annotations, [.. rules]) with
        {
            // Any Ingress may have one: where IngressCore's rule (docs/matching.md §4 item 1, the
            // oldest Ingress of the host that has one, host-less rules included) differs from
            // ingress-nginx's (the Ingress that created the server only, never for "_"), the
            // comparison names the documented difference (KnownDifference.HostDefaultBackendFromAnotherIngress).
            DefaultBackend = defaultBackend ? IngressBackend.ForService("fallback", 80) : null,
        };

    private static Gen<IReadOnlyDictionary<string, string>> AnnotationsGen =>
        from useRegex in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from rewrite in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Gen.Elements(RewriteTargets).Select(t => (string?)t)))
        from appRoot in Gen.Frequency((8, Gen.Constant<string?>(null)), (1, Gen.Elements("/app", "/home").Select(t => (string?)t)))
        from redirect in Gen.Frequency((10, Gen.Constant<string?>(null)), (1, Gen.Elements("/moved", "https://example.com/new").Select(t => (string?)t)))
        select NginxAnnotations([
            .. useRegex ? [("use-regex", "true")] : Array.Empty<(string, string)>(),
            .. rewrite is null ? [] : new[] { ("rewrite-target", rewrite) },
            .. appRoot is null ? [] : new[] { ("app-root", appRoot) },
            .. redirect is null ? [] : new[] { ("permanent-redirect", redirect) },
        ]);

    private static Gen<(string Path, PathType Type)> PathGen =>
        Gen.Frequency(
            // Exact paths ending in "/" included: nginx's location "= /p/" auto-redirects "/p",
            // which IngressCore does not match (KnownDifference.ExactWithTrailingSlashDoesNotMatchWithoutIt).
            (4, from type in Gen.Elements(PathType.Exact, PathType.Prefix, PathType.ImplementationSpecific)
                from path in LiteralPathGen
                select (path, type)),
            (1, Gen.Elements(RegexPaths).Select(p => (p, PathType.ImplementationSpecific))),
            (1, Gen.Elements(PathType.Exact, PathType.Prefix).Select(t => ("/", t))));

    private static Gen<string> LiteralPathGen =>
        from count in Gen.Choose(1, 3)
        from segments in Gen.ListOf(Gen.Elements(Segments), count)
        from slash in Gen.Frequency((3, Gen.Constant("")), (1, Gen.Constant("/")))
        select "/" + string.Join("/", segments) + slash;

    private static Gen<Probe> RequestGen =>
        from host in Gen.Elements(RequestHosts)
        from path in Gen.Frequency(
            (3, from count in Gen.Choose(0, 3)
                from segments in Gen.ListOf(Gen.Elements(Segments), count)
                from slash in Gen.Elements("", "/")
                select "/" + string.Join("/", segments) + (count > 0 ? slash : "")),
            (1, Gen.Elements(RegexHits)))
        from mutation in Gen.Elements(Mutations)
        from query in Gen.Frequency((3, Gen.Constant("")), (1, Gen.Constant("?q=1&b=%2F")))
        select new Probe(host, mutation(path) + query);

    /// <summary>What a client may do to a path that nginx and IngressCore must both see through.</summary>
    private static readonly Func<string, string>[] Mutations =
    [
        p => p,
        p => p,
        p => p.ToUpperInvariant(),
        p => p.Length > 1 ? "/" + char.ToUpperInvariant(p[1]) + p[2..] : p,
        p => "/" + p,
        p => p.Replace("/", "//", StringComparison.Ordinal),
        p => "/." + p,
        p => p.Replace("a", "%61", StringComparison.Ordinal),
        p => "/b/.." + p,
        p => "/.." + p,
        p => p.Length > 1 ? "/" + p[1..].Replace("/", "%2F", StringComparison.Ordinal) : p,
        p => p.EndsWith('/') ? p.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/" : p + "/",
    ];

    /// <summary>
    /// Left out: Prefix (or ImplementationSpecific) <c>/p</c> and <c>/p/</c> on one host. In plain
    /// mode ingress-nginx renders both as <c>location /p/</c>, nginx refuses the duplicate and the
    /// previous configuration stays in force, so the outcome depends on history, not on the table.
    /// (In regex mode both are valid; ingress-nginx's path-matching worked example covers that.)
    /// </summary>
    private static List<IngressDefinition> WithoutPrefixTwins(List<IngressDefinition> ingresses)
    {
        var seen = new HashSet<(string Host, string Path)>();
        var result = new List<IngressDefinition>();
        foreach (var ingress in ingresses)
        {
            var rules = new List<IngressRule>();
            foreach (var rule in ingress.Rules)
            {
                var paths = new List<IngressPath>();
                foreach (var path in rule.Paths!)
                {
                    if (path.PathType == PathType.Exact || path.Path == "/")
                    {
                        paths.Add(path);
                        continue;
                    }

                    var trimmed = path.Path!.TrimEnd('/');
                    var host = rule.Host ?? "_";
                    if (seen.Contains((host, trimmed)) && !seen.Contains((host, trimmed + "|" + path.Path)))
                    {
                        continue;
                    }

                    seen.Add((host, trimmed));
                    seen.Add((host, trimmed + "|" + path.Path));
                    paths.Add(path);
                }

                if (paths.Count > 0)
                {
                    rules.Add(rule with { Paths = paths });
                }
            }

            if (rules.Count > 0)
            {
                result.Add(ingress with { Rules = rules });
            }
        }

        return result;
    }
}
