using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Tests.Support;

namespace IngressCore.Tests.Properties;

/// <summary>
/// Generators for random, valid route tables and for requests aimed at them. Hosts and path
/// segments come from small alphabets so that hosts collide, wildcards compete with exact hosts
/// and host-less rules, and prefixes overlap; requests add what a client can send (case, ports,
/// trailing dots, extra labels, <c>//</c>, dot segments, escapes, queries).
/// </summary>
public static class RouteTableGenerators
{
    /// <summary>Rule hosts (null: a host-less rule).</summary>
    private static readonly string?[] RuleHosts =
        ["foo.com", "bar.foo.com", "*.foo.com", "*.bar.foo.com", "example.org", "*.example.org", "a-1.example.org", "x.y.example.org", null];

    /// <summary>
    /// Path elements: overlapping names, mixed case, dots inside names, siblings of one length
    /// that share their first four characters (the child scan's key) and differ after them, more
    /// than eight of them (hashed trie nodes).
    /// </summary>
    private static readonly string[] Segments =
        ["a", "b", "c", "ab", "ba", "A", "app.js", "app.jx", "items", "itemz", "abcdefgh", "abcdefgx", "x_y", "~u", "v1", "...", "d-e", "1", "b.c"];

    /// <summary>Request hosts; '*' stands for a generated first label.</summary>
    private static readonly string[] RequestHostBases =
        ["foo.com", "bar.foo.com", "*.foo.com", "*.bar.foo.com", "example.org", "*.example.org", "a-1.example.org", "x.y.example.org", "unknown.net", "", "[::1]", "127.0.0.1", "com", "*.com"];

    private static readonly string[] FirstLabels = ["bar", "x_y", "a-b", "Q9", "", "a.b", "*", "\u00e9", "-", "b@r"];

    private static readonly string[] RequestSegments = [.. Segments, "B", "APP.JS", "itemq", "abcdefgz", "abcdefghi", "abc", "a b", "%2e", "%2E%2E", "."];

    /// <summary>Request-targets that probe the edges of normalisation.</summary>
    private static readonly string[] SpecialPaths =
    [
        "%zz", "/%", "/%4", "/a%0", "/a%g0", "/%00", "/a/%1F", "/%7F", "/a\tb", "/a\u0085b", "/caf%C3%A9", "/%E6%97%A5/a",
        "/%E2%80%99", "*", "a/b", "", "?x", "#", "/\u00e9/a", "/a?b#c", "/%25", "/%2525", "/a/%2e%2e/%2e%2e/b", "/a/b/../../..",
        "//", "/./", "/../a", "/a/./../b/", "/%2F%2Fa", "/a%2F", "/%41",
    ];

    private static readonly string LongPrefix = string.Concat(Enumerable.Repeat("/ab", 200));

    public static Arbitrary<Scenario> Scenarios() => ScenarioGen.ToArbitrary();

    public static Arbitrary<ShuffledScenario> ShuffledScenarios() =>
        (from scenario in ScenarioGen
         from shuffled in Gen.Shuffle(scenario.Ingresses.ToArray())
         select new ShuffledScenario(scenario, shuffled)).ToArbitrary();

    public static Arbitrary<RawRequest> RawRequests() =>
        (from host in AnyString
         from path in AnyString
         select new RawRequest(host, path)).ToArbitrary();

    internal static Gen<Scenario> ScenarioGen =>
        from count in Gen.Choose(1, 10)
        from ingresses in Gen.CollectToList(Enumerable.Range(0, count), IngressGen)
        from duplicate in Gen.Choose(0, 14)
        from ignoreClassless in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from requests in Gen.ListOf(RequestFor(ingresses), 40)
        select new Scenario(
            WithDuplicateName(ingresses, duplicate == 0),
            new RouteTableOptions { IgnoreClassless = ignoreClassless },
            requests);

    internal static Gen<Request> RequestGen =>
        from host in RequestHostGen
        from path in RequestPathGen
        select new Request(host, path);

    /// <summary>
    /// Requests for a table: a third made up from the alphabets, the rest aimed at one of the
    /// table's own paths (so deep routes and near misses are hit), mutated on the way.
    /// </summary>
    private static Gen<Request> RequestFor(List<IngressDefinition> ingresses)
    {
        var targets = ingresses
            .SelectMany(i => i.Rules)
            .SelectMany(r => (r.Paths ?? []).Select(p => (r.Host, Path: string.IsNullOrEmpty(p.Path) ? "/" : p.Path)))
            .ToArray();
        if (targets.Length == 0)
        {
            return RequestGen;
        }

        var aimed =
            from target in Gen.Elements(targets)
            from host in target.Host is null ? RequestHostGen : HostFrom(target.Host)
            from path in PathNear(target.Path)
            select new Request(host, path);
        return Gen.Frequency((1, RequestGen), (2, aimed));
    }

    /// <summary>A request-target near a route path: elements cut or added, the trailing slash toggled, separators and elements re-encoded.</summary>
    private static Gen<string> PathNear(string routePath) =>
        from cut in Gen.Frequency((5, Gen.Constant(0)), (1, Gen.Constant(1)))
        from extraCount in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
        from extra in Gen.ListOf(Gen.Elements(RequestSegments), extraCount)
        from trailing in Gen.Frequency((3, Gen.Constant<bool?>(null)), (1, Gen.Constant<bool?>(true)), (1, Gen.Constant<bool?>(false)))
        from separators in Gen.ListOf(
            Gen.Frequency((24, Gen.Constant("/")), (2, Gen.Constant("//")), (1, Gen.Constant("/./")), (1, Gen.Constant("/zz/../")), (1, Gen.Constant("%2F")), (1, Gen.Constant("/%2e/"))),
            8)
        from forms in Gen.ListOf(Gen.Frequency((20, Gen.Constant(0)), (1, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3))), 8)
        from suffix in Gen.Frequency((10, Gen.Constant("")), (1, Gen.Constant("?q=/x/..")), (1, Gen.Constant("#f")))
        select RenderNear(routePath, cut, extra, trailing, separators, forms) + suffix;

    private static string RenderNear(string routePath, int cut, List<string> extra, bool? trailing, List<string> separators, List<int> forms)
    {
        var elements = routePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = elements.Take(Math.Max(0, elements.Length - cut)).Concat(extra).ToList();
        var slash = trailing ?? (routePath.Length > 1 && routePath.EndsWith('/'));
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var separator = separators[i % separators.Count];
            text.Append(i == 0 && separator == "%2F" ? "/" : separator).Append(Form(segments[i], forms[i % forms.Count]));
        }

        return segments.Count == 0 ? "/" : text.Append(slash ? "/" : "").ToString();
    }

    private static Gen<string> AnyString =>
        Gen.Frequency(
            (4, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)),
            (2, RequestPathGen),
            (1, RequestHostGen),
            (1, Gen.Elements("%", "%%", "/%", "?", "#", ":", "[", "]", ".", "..", "/..", "[::1", "::", "\0", "\uffff", "\ud800")),
            (1, from n in Gen.Choose(500, 3000)
                from c in Gen.Elements('/', '%', '.', 'a', ':')
                select new string(c, n)));

    private static Gen<IngressDefinition> IngressGen(int index) =>
        from ns in Gen.Elements("default", "team-a", "b")
        from minute in Gen.Frequency((1, Gen.Constant(-1)), (4, Gen.Choose(0, 5)))
        from ruleCount in Gen.Choose(0, 5)
        from rules in Gen.ListOf(RuleGen, ruleCount)
        from hasDefault in Gen.Elements(false, false, true)
        from defaultBackend in BackendGen
        from classChoice in Gen.Choose(0, 19)
        select WithClass(
            new IngressDefinition
            {
                Namespace = ns,
                Name = "ing-" + index.ToString(CultureInfo.InvariantCulture),
                CreationTimestamp = minute < 0 ? null : Manifest.At(minute),
                Rules = [.. rules],
                DefaultBackend = ruleCount == 0 || hasDefault ? defaultBackend : null,
            },
            classChoice);

    private static Gen<IngressRule> RuleGen =>
        from host in Gen.Frequency((3, Gen.Constant<string?>(null)), (7, Gen.Elements(RuleHosts)))
        from noHttp in Gen.Choose(0, 19)
        from count in Gen.Choose(1, 15)
        from paths in Gen.ListOf(PathGen, count)
        select new IngressRule { Host = host, Paths = noHttp == 0 ? null : [.. paths] };

    private static Gen<IngressPath> PathGen =>
        from depth in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Constant(1)), (3, Gen.Constant(2)), (3, Gen.Constant(3)))
        from segments in Gen.ListOf(Gen.Elements(Segments), depth)
        from trailingSlash in Gen.Elements(false, false, true)
        from empty in Gen.Choose(0, 29)
        from type in Gen.Frequency(
            (7, Gen.Constant<PathType?>(PathType.Exact)),
            (7, Gen.Constant<PathType?>(PathType.Prefix)),
            (3, Gen.Constant<PathType?>(PathType.ImplementationSpecific)),
            (3, Gen.Constant<PathType?>(null)))
        from backend in BackendGen
        select new IngressPath
        {
            Path = empty switch
            {
                0 => null,
                1 => "",
                _ => "/" + string.Join('/', segments) + (trailingSlash && depth > 0 ? "/" : ""),
            },
            PathType = type,
            Backend = backend,
        };

    private static Gen<IngressBackend> BackendGen =>
        Gen.Frequency(
            (30, from service in Gen.Elements("svc-a", "svc-b", "web", "api")
                 from port in Gen.Elements(80, 8080, 443)
                 select IngressBackend.ForService(service, port)),
            (6, from service in Gen.Elements("svc-a", "web")
                from port in Gen.Elements("http", "grpc")
                select IngressBackend.ForService(service, port)),
            (1, Gen.Constant(new IngressBackend { Resource = new IngressResourceReference("k8s.example.com", "StorageBucket", "assets") })));

    private static Gen<string> RequestHostGen =>
        from hostBase in Gen.Elements(RequestHostBases)
        from host in HostFrom(hostBase)
        select host;

    /// <summary>A Host header for a host name: '*' replaced by a first label, case changed, maybe an extra label, trailing dots, a port.</summary>
    private static Gen<string> HostFrom(string hostBase) =>
        from label in Gen.Elements(FirstLabels)
        from extraLabel in Gen.Frequency((9, Gen.Constant("")), (1, Gen.Constant("z.")))
        from upper in Gen.ListOf(Gen.Elements(false, false, false, true), 24)
        from trailingDot in Gen.Frequency((6, Gen.Constant("")), (1, Gen.Constant(".")), (1, Gen.Constant("..")))
        from port in Gen.Frequency((6, Gen.Constant("")), (1, Gen.Constant(":8080")), (1, Gen.Constant(":443")), (1, Gen.Constant(":")))
        select extraLabel + FlipCase(hostBase.Replace("*", label, StringComparison.Ordinal), upper) + trailingDot + port;

    private static Gen<string> RequestPathGen =>
        from count in Gen.Choose(0, 5)
        from pieces in Gen.ListOf(PieceGen, count)
        from trailing in Gen.Frequency(
            (12, Gen.Constant("")), (6, Gen.Constant("/")), (1, Gen.Constant("//")), (1, Gen.Constant("/.")), (1, Gen.Constant("/..")), (1, Gen.Constant("/%2e")))
        from suffix in Gen.Frequency(
            (10, Gen.Constant("")), (1, Gen.Constant("?q=/a/b")), (1, Gen.Constant("#frag")), (1, Gen.Constant("?")), (1, Gen.Constant("?%zz")))
        from special in Gen.Frequency((40, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>(SpecialPaths)))
        from longPath in Gen.Frequency((49, Gen.Constant(false)), (1, Gen.Constant(true)))
        select special ?? (longPath ? LongPrefix : "") + string.Concat(pieces) + trailing + suffix;

    private static Gen<string> PieceGen =>
        from separator in Gen.Frequency(
            (30, Gen.Constant("/")), (2, Gen.Constant("//")), (1, Gen.Constant("/./")), (1, Gen.Constant("/../")), (1, Gen.Constant("%2F")), (1, Gen.Constant("/%2f")))
        from segment in Gen.Elements(RequestSegments)
        from form in Gen.Frequency((14, Gen.Constant(0)), (2, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
        select separator + Form(segment, form);

    private static string Form(string segment, int form) => form switch
    {
        1 => segment.ToUpperInvariant(),
        2 => EscapeFirst(segment, "X2"),
        3 => EscapeFirst(segment, "x2"),
        _ => segment,
    };

    private static string EscapeFirst(string segment, string hexFormat) =>
        segment.Length == 0 || segment[0] == '%'
            ? segment
            : "%" + ((int)segment[0]).ToString(hexFormat, CultureInfo.InvariantCulture) + segment[1..];

    private static string FlipCase(string text, List<bool> upper) =>
        string.Concat(text.Select((c, i) => upper[i % upper.Count] ? char.ToUpperInvariant(c) : c));

    private static IngressDefinition WithClass(IngressDefinition ingress, int choice) => choice switch
    {
        0 or 1 => ingress with { IngressClassName = RouteTableOptions.DefaultIngressClass },
        2 => ingress with { IngressClassName = "other" },
        3 => ingress with { Annotations = new Dictionary<string, string> { ["kubernetes.io/ingress.class"] = RouteTableOptions.DefaultIngressClass }, IngressClassName = "other" },
        4 => ingress with { Annotations = new Dictionary<string, string> { ["kubernetes.io/ingress.class"] = "other" }, IngressClassName = RouteTableOptions.DefaultIngressClass },
        5 => ingress with { Annotations = new Dictionary<string, string> { ["kubernetes.io/ingress.class"] = "" } },
        _ => ingress,
    };

    private static List<IngressDefinition> WithDuplicateName(List<IngressDefinition> ingresses, bool duplicate)
    {
        if (duplicate && ingresses.Count > 1)
        {
            ingresses[^1] = ingresses[^1] with { Namespace = ingresses[0].Namespace, Name = ingresses[0].Name };
        }

        return ingresses;
    }
}
