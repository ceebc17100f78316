using static IngressCore.Tests.Support.Manifest;
using IngressCore.Model;

namespace IngressCore.Tests.Conformance;

/// <summary>
/// The examples in the <c>PathTypePrefix</c> comment of kubernetes/api
/// <c>networking/v1/types.go</c> (@ 10b39a39): four statements, nine requests.
/// </summary>
internal static class KubernetesApiCases
{
    private const string Source = "types.go PathTypePrefix";

    public static IReadOnlyList<ConformanceCase> PrefixExamples { get; } =
    [
        // "/foo/bar does not match requests to /foo/barbaz"
        Case(1, "/foo/bar does not match /foo/barbaz", [Prefix("/foo/bar", "foo-bar", 80)], "/foo/barbaz", Expect.NotFound),

        // "/foo/bar matches request to /foo/bar and /foo/bar/baz"
        Case(2, "/foo/bar matches /foo/bar", [Prefix("/foo/bar", "foo-bar", 80)], "/foo/bar", Expect.Rule("foo-bar:80")),
        Case(2, "/foo/bar matches /foo/bar/baz", [Prefix("/foo/bar", "foo-bar", 80)], "/foo/bar/baz", Expect.Rule("foo-bar:80")),

        // "/foo and /foo/ both match requests to /foo and /foo/"
        Case(3, "/foo alone matches /foo", [Prefix("/foo", "foo", 80)], "/foo", Expect.Rule("foo:80")),
        Case(3, "/foo alone matches /foo/", [Prefix("/foo", "foo", 80)], "/foo/", Expect.Rule("foo:80")),
        Case(3, "/foo/ alone matches /foo", [Prefix("/foo/", "foo-slash", 80)], "/foo", Expect.Rule("foo-slash:80")),
        Case(3, "/foo/ alone matches /foo/", [Prefix("/foo/", "foo-slash", 80)], "/foo/", Expect.Rule("foo-slash:80")),

        // "If both paths are present in an Ingress spec, the longest matching path (/foo/) is given priority."
        Case(4, "with /foo and /foo/ both present, /foo/ wins for /foo", [Prefix("/foo", "foo", 80), Prefix("/foo/", "foo-slash", 80)], "/foo", Expect.Rule("foo-slash:80")),
        Case(4, "with /foo and /foo/ both present, /foo/ wins for /foo/", [Prefix("/foo", "foo", 80), Prefix("/foo/", "foo-slash", 80)], "/foo/", Expect.Rule("foo-slash:80")),
    ];

    private static ConformanceCase Case(int statement, string what, IngressPath[] paths, string request, Expect expected) =>
        new($"{Source} example {statement}: {what}", [Ingress("api-example", Rule("foo.example", paths))], "foo.example", request, expected);
}
