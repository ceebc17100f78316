using Xunit.Sdk;
using static IngressCore.IntegrationTests.Nginx.NginxIngresses;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Nginx;

/// <summary>
/// The documented examples and ingress-nginx e2e cases, run through real nginx (configured as
/// ingress-nginx renders the Ingresses) and through IngressCore. Each request states what
/// ingress-nginx answers, which checks the renderer against the documentation; IngressCore must
/// then give the same answer, or the documented difference the case names.
/// </summary>
public sealed class NginxDifferentialCases
{
    /// <summary>A scenario: Ingresses, and per request the answer ingress-nginx gives.</summary>
    private sealed record Case(string Name, IngressDefinition[] Ingresses, Expectation[] Requests)
    {
        public override string ToString() => Name;
    }

    /// <summary>A request, ingress-nginx's answer, and the documented difference IngressCore makes, if any.</summary>
    private sealed record Expectation(string Host, string Target, string Nginx, string? KnownDifference = null);

    /// <summary>The case names, for the theory (a name serialises; the Ingresses do not).</summary>
    public static TheoryData<string> CaseNames() => [.. All.Select(c => c.Name)];

    private static readonly Case[] All =
    [
        // docs/matching.md (docs/user-guide/ingress-path-matching.md): a rewrite turns regex mode on,
        // the first matching location in length order wins, and /foo/barbaz goes to svc1.
        new Case(
            "worked example (ingress-path-matching.md)",
            [
                Ingress("svc1", 1, "example.test", null, ("/foo/bar", PathType.Prefix), ("/foo/bar/", PathType.Prefix)),
                Ingress("svc3", 2, "example.test", NginxAnnotations(("rewrite-target", "/$1")), ("/foo/bar/(.+)", PathType.ImplementationSpecific)),
            ],
            [
                new("example.test", "/foo/bar/1", $"route {Id("svc3")} /1"),
                new("example.test", "/foo/bar/", $"route {Id("svc1", 1)} /foo/bar/"),
                new("example.test", "/foo/bar", $"route {Id("svc1")} /foo/bar"),
                new("example.test", "/foo/barbaz", $"route {Id("svc1")} /foo/barbaz"),
                new("example.test", "/FOO/BAR/Baz?x=1", $"route {Id("svc3")} /Baz?x=1"),
                new("example.test", "/other", "default"),
            ]),

        // e2e annotations/rewrite.go and docs/examples/rewrite: captures, the whole URI replaced,
        // the query string appended.
        new Case(
            "rewrite /something(/|$)(.*) to /$2",
            [Ingress("rewrite", 1, "rewrite.test", NginxAnnotations(("use-regex", "true"), ("rewrite-target", "/$2")), ("/something(/|$)(.*)", PathType.ImplementationSpecific))],
            [
                new("rewrite.test", "/something", $"route {Id("rewrite")} /"),
                new("rewrite.test", "/something/", $"route {Id("rewrite")} /"),
                new("rewrite.test", "/something/new", $"route {Id("rewrite")} /new"),
                new("rewrite.test", "/something/new?x=1", $"route {Id("rewrite")} /new?x=1"),
                new("rewrite.test", "/Something//new/./deeper", $"route {Id("rewrite")} /new/deeper"),
                new("rewrite.test", "/somethingelse", "default"),
            ]),
        new Case(
            "rewrite /foo/bar/(.+) to /new/backend/$1",
            [Ingress("rewrite", 1, "rewrite.test", NginxAnnotations(("rewrite-target", "/new/backend/$1")), ("/foo/bar/(.+)", PathType.ImplementationSpecific))],
            [
                new("rewrite.test", "/foo/bar/bar", $"route {Id("rewrite")} /new/backend/bar"),
                new("rewrite.test", "/foo/bar/%61b", $"route {Id("rewrite")} /new/backend/ab"),
                new("rewrite.test", "/foo/bar/", "default"),
            ]),

        // Escaping inside rewrite captures: nginx matches the decoded URI, fills $1 with decoded
        // text and escapes the rewritten URI for proxy_pass (space, #, %, ?, controls and bytes
        // over 0x7E), so a decoded "?" or "#" in a capture stays path text upstream and the
        // query is the request's own.
        new Case(
            "escaping inside rewrite captures",
            [Ingress("escape", 1, "escape.test", NginxAnnotations(("rewrite-target", "/new/$1")), ("/foo/(.*)", PathType.ImplementationSpecific))],
            [
                new("escape.test", "/foo/a%3Fb", $"route {Id("escape")} /new/a%3Fb"),
                new("escape.test", "/foo/a%3fb?x=1", $"route {Id("escape")} /new/a%3Fb?x=1"),
                new("escape.test", "/foo/%3F", $"route {Id("escape")} /new/%3F"),
                new("escape.test", "/foo/a%3F%3Fb=c", $"route {Id("escape")} /new/a%3F%3Fb=c"),
                new("escape.test", "/foo/a%23b", $"route {Id("escape")} /new/a%23b"),
                new("escape.test", "/foo/100%25", $"route {Id("escape")} /new/100%25"),
                new("escape.test", "/foo/100%2541", $"route {Id("escape")} /new/100%2541"),
                new("escape.test", "/foo/a%20b", $"route {Id("escape")} /new/a%20b"),
                new("escape.test", "/foo/caf%C3%A9", $"route {Id("escape")} /new/caf%C3%A9"),
                new("escape.test", "/foo/a%2Fb", $"route {Id("escape")} /new/a/b"),
                new("escape.test", "/foo/a+b?q=%3F", $"route {Id("escape")} /new/a+b?q=%3F"),
            ]),

        // e2e rewrite.go "should fail to use longest match for documented warning": the longer
        // regex is ordered first and takes /foo/bar/bar from the literal path.
        new Case(
            "longest match warning",
            [
                Ingress("literal", 1, "warning.test", null, ("/foo/bar/bar", PathType.Prefix)),
                Ingress("regex", 2, "warning.test", NginxAnnotations(("use-regex", "true"), ("rewrite-target", "/new/backend")), ("/foo/bar/[a-z]{3}", PathType.ImplementationSpecific)),
            ],
            [
                new("warning.test", "/foo/bar/bar", $"route {Id("regex")} /new/backend"),
                new("warning.test", "/foo/bar/bar1?q", $"route {Id("regex")} /new/backend?q"),
                new("warning.test", "/foo/bar/b", "default"),
            ]),

        // e2e ingress/pathtype_exact.go: Exact wins for /exact, Prefix takes the rest, the newer
        // duplicate Prefix is never served.
        new Case(
            "pathtype exact",
            [
                Ingress("exact", 1, "exact.path", null, ("/exact", PathType.Exact)),
                Ingress("exact-suffix", 2, "exact.path", null, ("/exact", PathType.Prefix)),
                Ingress("duplicated-prefix", 3, "exact.path", null, ("/exact", PathType.Prefix)),
            ],
            [
                new("exact.path", "/exact", $"route {Id("exact")} /exact"),
                new("exact.path", "/exact/suffix", $"route {Id("exact-suffix")} /exact/suffix"),
                new("exact.path", "/exact/", $"route {Id("exact-suffix")} /exact/"),
                new("exact.path", "/exactly", "default"),
            ]),

        // e2e ingress/pathtype_prefix.go: /aaa does not match /aaacccc.
        new Case(
            "pathtype prefix",
            [Ingress("prefix", 1, "prefix.path", null, ("/aaa", PathType.Prefix))],
            [
                new("prefix.path", "/aaa", $"route {Id("prefix")} /aaa"),
                new("prefix.path", "/aaacccc", "default"),
                new("prefix.path", "/aaa/cccc", $"route {Id("prefix")} /aaa/cccc"),
                new("prefix.path", "/aaa/", $"route {Id("prefix")} /aaa/"),
                new("prefix.path", "/AAA", "default"),
            ]),

        // e2e ingress/pathtype_mixed.go: Exact and Prefix on / and on /foo.
        new Case(
            "pathtype mixed",
            [
                Ingress("exact-root", 1, "mixed.path", null, ("/", PathType.Exact)),
                Ingress("prefix-root", 2, "mixed.path", null, ("/", PathType.Prefix)),
                Ingress("exact-foo", 3, "mixed.path", null, ("/foo", PathType.Exact)),
                Ingress("prefix-foo", 4, "mixed.path", null, ("/foo", PathType.Prefix)),
            ],
            [
                new("mixed.path", "/", $"route {Id("exact-root")} /"),
                new("mixed.path", "/bar", $"route {Id("prefix-root")} /bar"),
                new("mixed.path", "/foo", $"route {Id("exact-foo")} /foo"),
                new("mixed.path", "/foo/bar", $"route {Id("prefix-foo")} /foo/bar"),
                new("mixed.path", "/foobar", $"route {Id("prefix-root")} /foobar"),
            ]),

        // docs/matching.md: a regex without $ matches any extension, with $ it does not; regex
        // mode is case-insensitive.
        new Case(
            "use-regex with $ anchors",
            [
                Ingress("anchored", 1, "regex.test", NginxAnnotations(("use-regex", "true")), ("/id/[0-9]+$", PathType.ImplementationSpecific)),
                Ingress("open", 2, "regex.test", null, ("/ids/[0-9]+", PathType.ImplementationSpecific)),
            ],
            [
                new("regex.test", "/id/123", $"route {Id("anchored")} /id/123"),
                new("regex.test", "/ID/42?x", $"route {Id("anchored")} /ID/42?x"),
                new("regex.test", "/id/123a", "default"),
                new("regex.test", "/ids/12x", $"route {Id("open")} /ids/12x"),
            ]),

        // docs/matching.md: one use-regex Ingress makes every path of the host a
        // case-insensitive regex anchored only at the start: Prefix loses its segment rule and
        // Exact its exactness.
        new Case(
            "regex mode is case-insensitive and host-wide",
            [
                Ingress("plain", 1, "mode.test", null, ("/api", PathType.Prefix), ("/exact", PathType.Exact)),
                Ingress("regex", 2, "mode.test", NginxAnnotations(("use-regex", "true")), ("/v[0-9]+/", PathType.ImplementationSpecific)),
            ],
            [
                new("mode.test", "/API/x", $"route {Id("plain")} /API/x"),
                new("mode.test", "/apix", $"route {Id("plain")} /apix"),
                new("mode.test", "/exact/more", $"route {Id("plain", 1)} /exact/more"),
                new("mode.test", "/EXACTLY", $"route {Id("plain", 1)} /EXACTLY"),
                new("mode.test", "/V2/x", $"route {Id("regex")} /V2/x"),
                new("mode.test", "/v/x", "default"),
            ]),

        // e2e annotations/approot.go and docs/annotations.md: "/" answers 302 to the app root with
        // the Host as sent, query dropped; other paths are routed.
        new Case(
            "app-root",
            [Ingress("approot", 1, "approot.test", NginxAnnotations(("app-root", "/app")), ("/", PathType.Prefix))],
            [
                new("approot.test", "/", "redirect 302 http://approot.test/app"),
                new("approot.test", "/?foo=bar", "redirect 302 http://approot.test/app"),
                new("approot.test", "/./", "redirect 302 http://approot.test/app"),
                new("approot.test:8080", "/", "redirect 302 http://approot.test:8080/app"),
                new("approot.test", "/other", $"route {Id("approot")} /other"),
            ]),

        // e2e annotations/redirect.go and docs/annotations.md: the configured URL exactly; a relative
        // one is made absolute with the Host without its port.
        new Case(
            "permanent and temporal redirects",
            [
                Ingress("permanent", 1, "redirect.test", NginxAnnotations(("permanent-redirect", "https://www.example.com/new")), ("/old", PathType.Prefix)),
                Ingress("relative", 2, "redirect.test", NginxAnnotations(("permanent-redirect", "/new-location"), ("permanent-redirect-code", "308")), ("/moved", PathType.Exact)),
                Ingress("temporal", 3, "temporal.test", NginxAnnotations(("temporal-redirect", "https://example.com/t"), ("temporal-redirect-code", "307")), ("/", PathType.Prefix)),
            ],
            [
                new("redirect.test", "/old/x?q=1", "redirect 301 https://www.example.com/new"),
                new("redirect.test", "/old", "redirect 301 https://www.example.com/new"),
                new("redirect.test:8080", "/moved", "redirect 308 http://redirect.test/new-location"),
                new("Redirect.TEST.:8080", "/moved", "redirect 308 http://redirect.test/new-location"),
                new("redirect.test", "/elsewhere", "redirect 301 https://www.example.com/new"),
                new("temporal.test", "/anything", "redirect 307 https://example.com/t"),
            ]),

        // docs/annotations.md: an absolute rewrite target is a 302 with the query appended.
        new Case(
            "absolute rewrite target redirects",
            [Ingress("away", 1, "away.test", NginxAnnotations(("rewrite-target", "https://other.test/$1")), ("/go/(.*)", PathType.ImplementationSpecific))],
            [new("away.test", "/go/x?y=1", "redirect 302 https://other.test/x?y=1")]),

        // docs/matching.md: the root location "/" is created with the server, before any path,
        // and stable sorting keeps it ahead of an Exact "/"; in regex mode both are "^/", so the
        // root location takes every request the other paths leave, "/" included.
        new Case(
            "Exact / in regex mode is behind the root location",
            [Ingress("regex-root", 1, "root.test", NginxAnnotations(("use-regex", "true")), ("/", PathType.Exact), ("/a", PathType.Prefix))],
            [
                new("root.test", "/", "default"),
                new("root.test", "/x", "default"),
                new("root.test", "/a/b", $"route {Id("regex-root", 1)} /a/b"),
            ]),

        // docs/matching.md: ImplementationSpecific is Prefix, so beside an Exact of the same
        // path it is normalised to "/a/" only; in regex mode "^/a/" then does not take "/ab".
        new Case(
            "ImplementationSpecific beside Exact of the same path in regex mode",
            [
                Ingress("implementation", 1, "is.test", null, ("/a", PathType.ImplementationSpecific)),
                Ingress("exact", 2, "is.test", null, ("/a", PathType.Exact)),
                Ingress("regex", 3, "is.test", NginxAnnotations(("use-regex", "true")), ("/zz[0-9]", PathType.ImplementationSpecific)),
            ],
            [
                new("is.test", "/a", $"route {Id("exact")} /a"),
                new("is.test", "/ab", $"route {Id("exact")} /ab"),
                new("is.test", "/a/x", $"route {Id("implementation")} /a/x"),
                new("is.test", "/A/x", $"route {Id("implementation")} /A/x"),
                new("is.test", "/zz1", $"route {Id("regex")} /zz1"),
            ]),

        // docs/annotations.md and nginx.tmpl: the app-root "if" is written before every location that
        // has it, in location order, so the Ingress with the longest path decides, not the oldest.
        new Case(
            "app-root of two Ingresses: the first location in order decides",
            [
                Ingress("older", 1, "roots.test", NginxAnnotations(("app-root", "/one")), ("/", PathType.Prefix)),
                Ingress("newer", 2, "roots.test", NginxAnnotations(("app-root", "/two")), ("/longer", PathType.Prefix)),
            ],
            [
                new("roots.test", "/", "redirect 302 http://roots.test/two"),
                new("roots.test", "/longer/x", $"route {Id("newer")} /longer/x"),
            ]),

        // Plain mode: nginx normalises before matching but proxies the request-target as sent;
        // a Prefix written with a trailing slash is the documented difference.
        new Case(
            "plain mode normalisation and the trailing-slash Prefix",
            [Ingress("plain", 1, "plain.test", null, ("/a", PathType.Prefix), ("/foo/", PathType.Prefix), ("/ab", PathType.ImplementationSpecific))],
            [
                new("plain.test", "/%61/x", $"route {Id("plain")} /%61/x"),
                new("plain.test", "//a//x?q", $"route {Id("plain")} //a//x?q"),
                new("plain.test", "/b/../a/./x", $"route {Id("plain")} /b/../a/./x"),
                new("plain.test", "/A", "default"),
                new("plain.test", "/ab/c", $"route {Id("plain", 2)} /ab/c"),
                new("plain.test", "/foo/x", $"route {Id("plain", 1)} /foo/x"),
                new("plain.test", "/foo", "redirect 301 http://plain.test/foo/", nameof(KnownDifference.PrefixWithTrailingSlashMatchesWithoutIt)),
                new("plain.test", "/foo?x=1", "redirect 301 http://plain.test/foo/?x=1", nameof(KnownDifference.PrefixWithTrailingSlashMatchesWithoutIt)),
                new("unknown.test", "/a", "default"),
            ]),
    ];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task IngressCore_answers_as_ingress_nginx(string name)
    {
        var scenario = All.Single(c => c.Name == name);
        var report = await NginxDifferential.RunAsync(scenario.Ingresses, [.. scenario.Requests.Select(r => new Probe(r.Host, r.Target))]);

        var failures = new List<string>();
        foreach (var (expected, comparison) in scenario.Requests.Zip(report.Comparisons))
        {
            // First the renderer: nginx must answer as the documentation says ingress-nginx does.
            if (comparison.Nginx.Text != expected.Nginx)
            {
                failures.Add($"nginx is not ingress-nginx here, expected {expected.Nginx}:\n{comparison}");
            }
            else if (comparison.Known?.ToString() != expected.KnownDifference || (expected.KnownDifference is null && !comparison.Agrees))
            {
                failures.Add($"IngressCore disagrees (documented difference expected: {expected.KnownDifference ?? "none"}):\n{comparison}");
            }
        }

        if (failures.Count > 0)
        {
            throw new XunitException(string.Join("\n", failures) + "\n\n" + report.Describe([]));
        }
    }
}
