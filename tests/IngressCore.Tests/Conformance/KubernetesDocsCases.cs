using static IngressCore.Tests.Support.Manifest;
using IngressCore.Model;

namespace IngressCore.Tests.Conformance;

/// <summary>
/// kubernetes/website <c>content/en/docs/concepts/services-networking/ingress.md</c> (the table
/// text as published at kubernetes.io/docs/concepts/services-networking/ingress/, read from the
/// fork Zhuzhenghao/website @ 32602c9c) and the example manifests it includes from
/// <c>content/en/examples/service/networking/</c> (kubernetes/website @ 7a090ad7 / 81dca134).
/// </summary>
internal static class KubernetesDocsCases
{
    private const string Docs = "ingress.md";

    // The manifests come first: static initialisers run in textual order.
    private static IngressDefinition TestIngress { get; } = DefaultBackendOnly("test-ingress", "test", 80);

    private static IngressDefinition SimpleFanout { get; } = Ingress(
        "simple-fanout-example",
        Rule("foo.bar.com", Prefix("/foo", "service1", 4200), Prefix("/bar", "service2", 8080)));

    private static IngressDefinition NameVirtualHost { get; } = Ingress(
        "name-virtual-host-ingress",
        Rule("foo.bar.com", Prefix("/", "service1", 80)),
        Rule("bar.foo.com", Prefix("/", "service2", 80)));

    private static IngressDefinition NoThirdHost { get; } = Ingress(
        "name-virtual-host-ingress-no-third-host",
        Rule("first.bar.com", Prefix("/", "service1", 80)),
        Rule("second.bar.com", Prefix("/", "service2", 80)),
        Rule(null, Prefix("/", "service3", 80)));

    private static IngressDefinition WildcardHost { get; } = Ingress(
        "ingress-wildcard-host",
        Rule("foo.bar.com", Prefix("/bar", "service1", 80)),
        Rule("*.foo.com", Prefix("/foo", "service2", 80)));

    /// <summary>
    /// "Path types &gt; Examples": one case per row and request path. The rows name no host, so the
    /// paths sit on a host-less rule; each path has its own Service so the winner is visible.
    /// "No" is a 404, except row 17, which says the default backend answers (the row's Ingress
    /// gets a spec.defaultBackend).
    /// </summary>
    public static IReadOnlyList<ConformanceCase> PathTypeExamples { get; } =
    [
        PathRow(1, "Prefix / matches (all paths): /", [Prefix("/", "root", 80)], "/", Expect.Rule("root:80")),
        PathRow(1, "Prefix / matches (all paths): /foo", [Prefix("/", "root", 80)], "/foo", Expect.Rule("root:80")),
        PathRow(1, "Prefix / matches (all paths): /aaa/bbb/ccc/", [Prefix("/", "root", 80)], "/aaa/bbb/ccc/", Expect.Rule("root:80")),
        PathRow(2, "Exact /foo matches /foo", [Exact("/foo", "foo", 80)], "/foo", Expect.Rule("foo:80")),
        PathRow(3, "Exact /foo does not match /bar", [Exact("/foo", "foo", 80)], "/bar", Expect.NotFound),
        PathRow(4, "Exact /foo does not match /foo/", [Exact("/foo", "foo", 80)], "/foo/", Expect.NotFound),
        PathRow(5, "Exact /foo/ does not match /foo", [Exact("/foo/", "foo-slash", 80)], "/foo", Expect.NotFound),
        PathRow(6, "Prefix /foo matches /foo", [Prefix("/foo", "foo", 80)], "/foo", Expect.Rule("foo:80")),
        PathRow(6, "Prefix /foo matches /foo/", [Prefix("/foo", "foo", 80)], "/foo/", Expect.Rule("foo:80")),
        PathRow(7, "Prefix /foo/ matches /foo", [Prefix("/foo/", "foo-slash", 80)], "/foo", Expect.Rule("foo-slash:80")),
        PathRow(7, "Prefix /foo/ matches /foo/", [Prefix("/foo/", "foo-slash", 80)], "/foo/", Expect.Rule("foo-slash:80")),
        PathRow(8, "Prefix /aaa/bb does not match /aaa/bbb", [Prefix("/aaa/bb", "aaa-bb", 80)], "/aaa/bbb", Expect.NotFound),
        PathRow(9, "Prefix /aaa/bbb matches /aaa/bbb", [Prefix("/aaa/bbb", "aaa-bbb", 80)], "/aaa/bbb", Expect.Rule("aaa-bbb:80")),
        PathRow(10, "Prefix /aaa/bbb/ matches /aaa/bbb (ignores trailing slash)", [Prefix("/aaa/bbb/", "aaa-bbb-slash", 80)], "/aaa/bbb", Expect.Rule("aaa-bbb-slash:80")),
        PathRow(11, "Prefix /aaa/bbb matches /aaa/bbb/ (matches trailing slash)", [Prefix("/aaa/bbb", "aaa-bbb", 80)], "/aaa/bbb/", Expect.Rule("aaa-bbb:80")),
        PathRow(12, "Prefix /aaa/bbb matches /aaa/bbb/ccc (subpath)", [Prefix("/aaa/bbb", "aaa-bbb", 80)], "/aaa/bbb/ccc", Expect.Rule("aaa-bbb:80")),
        PathRow(13, "Prefix /aaa/bbb does not match /aaa/bbbxyz (no string prefix)", [Prefix("/aaa/bbb", "aaa-bbb", 80)], "/aaa/bbbxyz", Expect.NotFound),
        PathRow(14, "Prefix /, /aaa: /aaa/ccc matches the /aaa prefix", [Prefix("/", "root", 80), Prefix("/aaa", "aaa", 80)], "/aaa/ccc", Expect.Rule("aaa:80")),
        PathRow(15, "Prefix /, /aaa, /aaa/bbb: /aaa/bbb matches the /aaa/bbb prefix", [Prefix("/", "root", 80), Prefix("/aaa", "aaa", 80), Prefix("/aaa/bbb", "aaa-bbb", 80)], "/aaa/bbb", Expect.Rule("aaa-bbb:80")),
        PathRow(16, "Prefix /, /aaa, /aaa/bbb: /ccc matches the / prefix", [Prefix("/", "root", 80), Prefix("/aaa", "aaa", 80), Prefix("/aaa/bbb", "aaa-bbb", 80)], "/ccc", Expect.Rule("root:80")),
        new(
            $"{Docs} Path types > Examples row 17: Prefix /aaa does not match /ccc, uses default backend",
            [Ingress("row-17", Rule(null, Prefix("/aaa", "aaa", 80))) with { DefaultBackend = IngressBackend.ForService("default-http-backend", 80) }],
            "example.com",
            "/ccc",
            Expect.DefaultBackend("default-http-backend:80")),
        PathRow(18, "Mixed /foo (Prefix), /foo (Exact): /foo prefers Exact", [Prefix("/foo", "foo-prefix", 80), Exact("/foo", "foo-exact", 80)], "/foo", Expect.Rule("foo-exact:80")),
    ];

    /// <summary>"Hostname wildcards": the three-row table, on a rule for *.foo.com.</summary>
    public static IReadOnlyList<ConformanceCase> HostnameWildcards { get; } =
    [
        HostRow(1, "*.foo.com matches bar.foo.com (shared suffix)", "bar.foo.com", Expect.Rule("wildcard:80")),
        HostRow(2, "*.foo.com does not match baz.bar.foo.com (single DNS label only)", "baz.bar.foo.com", Expect.NotFound),
        HostRow(3, "*.foo.com does not match foo.com (single DNS label only)", "foo.com", Expect.NotFound),
    ];

    /// <summary>The example manifests of "Types of Ingress" and "Hostname wildcards", with the outcomes the page states.</summary>
    public static IReadOnlyList<ConformanceCase> ExampleManifests { get; } =
    [
        // test-ingress.yaml, "Ingress backed by a single Service": every request goes to test:80 (requests derived).
        new("test-ingress.yaml: any host and path goes to the default backend test:80 (derived: example.com/)", [TestIngress], "example.com", "/", Expect.DefaultBackend("test:80")),
        new("test-ingress.yaml: any host and path goes to the default backend test:80 (derived: no host, /a/b?c)", [TestIngress], "", "/a/b?c", Expect.DefaultBackend("test:80")),

        // simple-fanout-example.yaml, "Simple fanout": foo.bar.com/foo -> service1:4200, /bar -> service2:8080.
        new("simple-fanout-example.yaml: foo.bar.com/foo goes to service1:4200", [SimpleFanout], "foo.bar.com", "/foo", Expect.Rule("service1:4200")),
        new("simple-fanout-example.yaml: foo.bar.com/bar goes to service2:8080", [SimpleFanout], "foo.bar.com", "/bar", Expect.Rule("service2:8080")),
        new("simple-fanout-example.yaml: foo.bar.com/foo/x goes to service1:4200 (derived: Prefix subpath)", [SimpleFanout], "foo.bar.com", "/foo/x", Expect.Rule("service1:4200")),
        new("simple-fanout-example.yaml: foo.bar.com/baz matches no path (derived: 404 without a default backend)", [SimpleFanout], "foo.bar.com", "/baz", Expect.NotFound),

        // name-virtual-host-ingress.yaml, "Name based virtual hosting".
        new("name-virtual-host-ingress.yaml: foo.bar.com goes to service1:80", [NameVirtualHost], "foo.bar.com", "/", Expect.Rule("service1:80")),
        new("name-virtual-host-ingress.yaml: bar.foo.com goes to service2:80", [NameVirtualHost], "bar.foo.com", "/x", Expect.Rule("service2:80")),
        new("name-virtual-host-ingress.yaml: another host matches no rule (derived: 404)", [NameVirtualHost], "baz.foo.com", "/", Expect.NotFound),

        // name-virtual-host-ingress-no-third-host.yaml: "any traffic whose request host header doesn't match first.bar.com and second.bar.com" goes to service3.
        new("name-virtual-host-ingress-no-third-host.yaml: first.bar.com goes to service1:80", [NoThirdHost], "first.bar.com", "/", Expect.Rule("service1:80")),
        new("name-virtual-host-ingress-no-third-host.yaml: second.bar.com goes to service2:80", [NoThirdHost], "second.bar.com", "/", Expect.Rule("service2:80")),
        new("name-virtual-host-ingress-no-third-host.yaml: third.bar.com goes to service3:80", [NoThirdHost], "third.bar.com", "/", Expect.Rule("service3:80")),
        new("name-virtual-host-ingress-no-third-host.yaml: a request without a host name goes to service3:80", [NoThirdHost], "", "/", Expect.Rule("service3:80")),

        // ingress-wildcard-host.yaml with the hostname wildcard table (requests derived).
        new("ingress-wildcard-host.yaml: foo.bar.com/bar goes to service1:80", [WildcardHost], "foo.bar.com", "/bar", Expect.Rule("service1:80")),
        new("ingress-wildcard-host.yaml: bar.foo.com/foo goes to service2:80 (derived)", [WildcardHost], "bar.foo.com", "/foo", Expect.Rule("service2:80")),
        new("ingress-wildcard-host.yaml: baz.bar.foo.com/foo matches no host (derived)", [WildcardHost], "baz.bar.foo.com", "/foo", Expect.NotFound),
        new("ingress-wildcard-host.yaml: foo.com/foo matches no host (derived)", [WildcardHost], "foo.com", "/foo", Expect.NotFound),
    ];

    public static IEnumerable<ConformanceCase> All => PathTypeExamples.Concat(HostnameWildcards).Concat(ExampleManifests);

    private static ConformanceCase PathRow(int row, string what, IngressPath[] paths, string request, Expect expected) =>
        new($"{Docs} Path types > Examples row {row}: {what}", [Ingress($"row-{row}", Rule(null, paths))], "example.com", request, expected);

    private static ConformanceCase HostRow(int row, string what, string host, Expect expected) =>
        new(
            $"{Docs} Hostname wildcards row {row}: {what}",
            [Ingress("wildcard-row", Rule("*.foo.com", Prefix("/", "wildcard", 80)))],
            host,
            "/",
            expected);
}
