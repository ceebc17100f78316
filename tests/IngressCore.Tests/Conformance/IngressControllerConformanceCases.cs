using static IngressCore.Tests.Support.Manifest;
using IngressCore.Model;

namespace IngressCore.Tests.Conformance;

/// <summary>
/// Every scenario of kubernetes-sigs/ingress-controller-conformance
/// <c>features/{path_rules,host_rules,default_backend,ingress_class}.feature</c>
/// (master f91a7996, the repository is inactive since 2021). The Ingresses are the scenarios'
/// inline manifests, re-typed as data; the expected outcome is the scenario's status/service
/// assertion (404 where the scenario says "status-code must be 404").
/// </summary>
internal static class IngressControllerConformanceCases
{
    /// <summary>path_rules.feature, Background: one Ingress "path-rules" with four hosts.</summary>
    private static readonly IngressDefinition PathRules = Ingress(
        "path-rules",
        Rule("exact-path-rules", Exact("/foo", "foo-exact", 8080)),
        Rule(
            "prefix-path-rules",
            Prefix("/foo", "foo-prefix", 8080),
            Prefix("/aaa/bbb", "aaa-slash-bbb-prefix", 8080),
            Prefix("/aaa", "aaa-prefix", 8080)),
        Rule(
            "mixed-path-rules",
            Prefix("/foo", "foo-prefix", 8080),
            Exact("/foo", "foo-exact", 8080)),
        Rule(
            "trailing-slash-path-rules",
            Prefix("/aaa/bbb/", "aaa-slash-bbb-slash-prefix", 8080),
            Exact("/foo/", "foo-slash-exact", 8080)));

    /// <summary>host_rules.feature, Background: Ingress "host-rules" (TLS for foo.bar.com; a named port).</summary>
    private static readonly IngressDefinition HostRules = Ingress(
        "host-rules",
        Rule("*.foo.com", Prefix("/", "wildcard-foo-com", 8080)),
        Rule("foo.bar.com", Prefix("/", "foo-bar-com", "http"))) with
    {
        Tls = [new IngressTls { Hosts = ["foo.bar.com"], SecretName = "conformance-tls" }],
    };

    /// <summary>default_backend.feature, Background: Ingress "default-backend" with only spec.defaultBackend.</summary>
    private static readonly IngressDefinition DefaultBackend = DefaultBackendOnly("default-backend", "echo-service", 8080);

    /// <summary>ingress_class.feature: an Ingress naming a class no controller serves.</summary>
    private static readonly IngressDefinition InvalidClass = Ingress(
        "test-ingress-class",
        Rule("ingress-class", Prefix("/", "ingress-class-prefix", 8080))) with
    {
        IngressClassName = "some-invalid-class-name",
    };

    public static IReadOnlyList<ConformanceCase> PathRulesFeature { get; } =
    [
        PathRule(1, "exact /foo matches request /foo", "exact-path-rules", "/foo", Expect.Rule("foo-exact:8080")),
        PathRule(2, "exact /foo does not match request /foo/", "exact-path-rules", "/foo/", Expect.NotFound),
        PathRule(3, "exact /foo does not match request /FOO", "exact-path-rules", "/FOO", Expect.NotFound),
        PathRule(4, "exact /foo does not match request /bar", "exact-path-rules", "/bar", Expect.NotFound),
        PathRule(5, "prefix /foo matches request /foo", "prefix-path-rules", "/foo", Expect.Rule("foo-prefix:8080")),
        PathRule(6, "prefix /foo matches request /foo/", "prefix-path-rules", "/foo/", Expect.Rule("foo-prefix:8080")),
        PathRule(7, "prefix /foo does not match request /FOO", "prefix-path-rules", "/FOO", Expect.NotFound),
        PathRule(8, "prefix /aaa/bbb matches request /aaa/bbb (longest path)", "prefix-path-rules", "/aaa/bbb", Expect.Rule("aaa-slash-bbb-prefix:8080")),
        PathRule(9, "prefix /aaa/bbb matches request /aaa/bbb/ccc (longest path, subpath)", "prefix-path-rules", "/aaa/bbb/ccc", Expect.Rule("aaa-slash-bbb-prefix:8080")),
        PathRule(10, "prefix /aaa matches request /aaa/ccc", "prefix-path-rules", "/aaa/ccc", Expect.Rule("aaa-prefix:8080")),
        PathRule(11, "prefix /aaa does not match request /aaaccc", "prefix-path-rules", "/aaaccc", Expect.NotFound),
        PathRule(12, "prefix /foo matches request /foo/ (repeats scenario 6)", "prefix-path-rules", "/foo/", Expect.Rule("foo-prefix:8080")),
        PathRule(13, "mixed: exact /foo preferred over prefix /foo for /foo", "mixed-path-rules", "/foo", Expect.Rule("foo-exact:8080")),
        PathRule(14, "prefix /aaa/bbb/ matches request /aaa/bbb", "trailing-slash-path-rules", "/aaa/bbb", Expect.Rule("aaa-slash-bbb-slash-prefix:8080")),
        PathRule(15, "prefix /aaa/bbb/ matches request /aaa/bbb/", "trailing-slash-path-rules", "/aaa/bbb/", Expect.Rule("aaa-slash-bbb-slash-prefix:8080")),
        PathRule(16, "exact /foo/ does not match request /foo", "trailing-slash-path-rules", "/foo", Expect.NotFound),
    ];

    public static IReadOnlyList<ConformanceCase> HostRulesFeature { get; } =
    [
        // Scenario 1 is HTTPS: the SNI side is not the route table's job; the Host header still picks the rule.
        HostRule(1, "TLS request to foo.bar.com is served by foo-bar-com", "foo.bar.com", Expect.Rule("foo-bar-com:http")),
        HostRule(2, "host foo.bar.com matches request foo.bar.com", "foo.bar.com", Expect.Rule("foo-bar-com:http")),
        HostRule(3, "host foo.bar.com does not match request subdomain.bar.com", "subdomain.bar.com", Expect.NotFound),
        HostRule(4, "wildcard *.foo.com matches bar.foo.com (shared suffix)", "bar.foo.com", Expect.Rule("wildcard-foo-com:8080")),
        HostRule(5, "wildcard *.foo.com does not match baz.bar.foo.com (more than one label)", "baz.bar.foo.com", Expect.NotFound),
        HostRule(6, "wildcard *.foo.com does not match foo.com (no label)", "foo.com", Expect.NotFound),
    ];

    /// <summary>The Scenario Outline's six Examples rows; the method does not matter to routing, the empty host row is kept.</summary>
    public static IReadOnlyList<ConformanceCase> DefaultBackendFeature { get; } =
    [
        DefaultRow(1, "GET", "my-host", ""),
        DefaultRow(2, "GET", "my-host", "sub-path"),
        DefaultRow(3, "POST", "some-host", ""),
        DefaultRow(4, "PUT", "", "resource"),
        DefaultRow(5, "DELETE", "some-host", "resource"),
        DefaultRow(6, "PATCH", "my-host", "resource"),
    ];

    /// <summary>The scenario only checks that the Ingress gets no address; the request (host "ingress-class", path "/") is derived.</summary>
    public static IReadOnlyList<ConformanceCase> IngressClassFeature { get; } =
    [
        new(
            "ingress_class.feature: an Ingress with an invalid ingress class is not served (derived request ingress-class/)",
            [InvalidClass],
            "ingress-class",
            "/",
            Expect.NotFound),
    ];

    public static IEnumerable<ConformanceCase> All =>
        PathRulesFeature.Concat(HostRulesFeature).Concat(DefaultBackendFeature).Concat(IngressClassFeature);

    private static ConformanceCase PathRule(int scenario, string what, string host, string path, Expect expected) =>
        new($"path_rules.feature #{scenario}: {what}", [PathRules], host, path, expected);

    private static ConformanceCase HostRule(int scenario, string what, string host, Expect expected) =>
        new($"host_rules.feature #{scenario}: {what}", [HostRules], host, "/", expected);

    private static ConformanceCase DefaultRow(int row, string method, string host, string path) =>
        new(
            $"default_backend.feature example {row}: {method} http://{host}/{path} goes to echo-service",
            [DefaultBackend],
            host,
            "/" + path,
            Expect.DefaultBackend("echo-service:8080"));
}
