using IngressCore.Decisions;
using IngressCore.Model;
using static IngressCore.Annotations.Tests.Engine.Gateway;

namespace IngressCore.Annotations.Tests.Engine;

/// <summary>
/// rewrite-target, use-regex and x-forwarded-prefix through the builder and the decider, each case
/// mirroring an ingress-nginx e2e test (kubernetes/ingress-nginx test/e2e/annotations/rewrite.go,
/// xforwardedprefix.go; traefik/ingress-nginx-migration e2e/rewritetarget_suite_test.go) or the
/// documented examples (docs/user-guide/ingress-path-matching.md, docs/examples/rewrite/README.md).
/// docs/matching.md.
/// </summary>
public sealed class RewriteBehaviourTests
{
    /// <summary>docs/user-guide/ingress-path-matching.md (docs/matching.md): the rewrite on Ingress 2 puts the whole host in regex mode.</summary>
    private static readonly Lazy<Gateway> WorkedExample = new(() => Of(
        Ingress("plain").Path("/foo/bar", "svc1").Path("/foo/bar/", "svc2"),
        Ingress("rewrite").Annotate("rewrite-target", "/$1").Path("/foo/bar/(.+)", "svc3", PathType.ImplementationSpecific)));

    [Theory]
    [InlineData("/foo/bar/1", "svc3", "/1")]
    [InlineData("/foo/bar/", "svc2", "/foo/bar/")]
    [InlineData("/foo/bar", "svc1", "/foo/bar")]
    [InlineData("/foo/barbaz", "svc1", "/foo/barbaz")] // "^/foo/bar" (the exact copy of Prefix /foo/bar) is a regex prefix now
    public void Worked_example_of_the_path_matching_guide_routes_like_nginx(string target, string service, string upstream)
    {
        Expect.Backend(WorkedExample.Value.Get(target), service, upstream);
    }

    /// <summary>rewrite.go "should fail to use longest match for documented warning".</summary>
    [Fact]
    public void Documented_longest_match_warning_a_longer_regex_beats_the_literal_path()
    {
        var gateway = Of(
            Ingress("foo").Path("/foo/bar/bar", "literal"),
            Ingress("regex").Annotate("use-regex", "true").Annotate("rewrite-target", "/new/backend")
                .Path("/foo/bar/[a-z]{3}", "regex", PathType.ImplementationSpecific));

        Expect.Backend(gateway.Get("/foo/bar/bar"), "regex", "/new/backend");
    }

    /// <summary>rewrite.go "should use ~* location modifier if regex annotation is present".</summary>
    [Theory]
    [InlineData("/foo", "foo", "/foo")]
    [InlineData("/foo/bar", "regex", "/new/backend")]
    public void Regex_annotation_makes_locations_case_insensitive_regexes_in_nginx_order(string target, string service, string upstream)
    {
        var gateway = Of(
            Ingress("foo").Path("/foo", "foo"),
            Ingress("regex").Annotate("use-regex", "true").Annotate("rewrite-target", "/new/backend")
                .Path("/foo.+", "regex", PathType.ImplementationSpecific));

        Expect.Backend(gateway.Get(target), service, upstream);
    }

    /// <summary>rewrite.go "should use correct longest path match": a rewrite on "/" leaves the longer, plain location alone.</summary>
    [Theory]
    [InlineData("/.well-known/acme/challenge", "kube-lego", "/.well-known/acme/challenge", false)]
    [InlineData("/anything/else?x=1", "index", "/new/backend?x=1", true)]
    public void Rewrite_on_the_root_path_does_not_touch_a_longer_location(string target, string service, string upstream, bool rewritten)
    {
        var gateway = Of(
            Ingress("kube-lego").Path("/.well-known/acme/challenge", "kube-lego"),
            Ingress("rewrite-index").Annotate("rewrite-target", "/new/backend").Path("/", "index"));

        var decision = gateway.Get(target);

        Expect.Backend(decision, service, upstream);
        Assert.Equal(rewritten, decision.IsRewritten);
    }

    /// <summary>rewrite.go "should allow for custom rewrite parameters".</summary>
    [Fact]
    public void Custom_rewrite_parameters_fill_the_capture()
    {
        var gateway = Of(Ingress("regex").Annotate("use-regex", "true").Annotate("rewrite-target", "/new/backend/$1")
            .Path("/foo/bar/(.+)", "echo", PathType.ImplementationSpecific));

        Expect.Backend(gateway.Get("/foo/bar/bar"), "echo", "/new/backend/bar");
    }

    /// <summary>rewrite.go "should rewrite request URL": target "/" on Prefix "/something", lower and mixed case.</summary>
    [Theory]
    [InlineData("/something", "/")]
    [InlineData("/SomeThing", "/")]
    [InlineData("/something/new?a=b", "/?a=b")] // the whole URI is replaced, the query kept
    public void Plain_target_replaces_the_whole_uri_case_insensitively(string target, string upstream)
    {
        var gateway = Of(Ingress("rewrite").Annotate("rewrite-target", "/").Path("/something", "echo"));

        Expect.Backend(gateway.Get(target), "echo", upstream);
    }

    /// <summary>docs/examples/rewrite/README.md: <c>/something(/|$)(.*)</c> with <c>/$2</c>.</summary>
    [Theory]
    [InlineData("/something", "/")]
    [InlineData("/something/", "/")]
    [InlineData("/something/new", "/new")]
    [InlineData("/something/new?x=1&y=2", "/new?x=1&y=2")]
    [InlineData("/SOMETHING/New/Path", "/New/Path")] // case-insensitive match, captures keep the request's case
    public void Documented_something_example_keeps_the_second_capture(string target, string upstream)
    {
        var gateway = Of(Ingress("rewrite").Annotate("use-regex", "true").Annotate("rewrite-target", "/$2")
            .Path("/something(/|$)(.*)", "http-svc", PathType.ImplementationSpecific));

        Expect.Backend(gateway.Get(target), "http-svc", upstream);
    }

    [Fact]
    public void Documented_something_example_does_not_take_a_longer_word()
    {
        var gateway = Of(Ingress("rewrite").Annotate("use-regex", "true").Annotate("rewrite-target", "/$2")
            .Path("/something(/|$)(.*)", "http-svc", PathType.ImplementationSpecific));

        Expect.Status(gateway.Get("/somethingelse"), 404);
    }

    /// <summary>
    /// migration rewritetarget_suite_test.go TestSimpleRewrite, TestSimpleRewriteSubpath (<c>/app(/|$)(.*)</c>),
    /// TestCaptureGroupRewrite, TestCaptureGroupRewriteRoot, TestCaptureGroupRewriteDeepPath (<c>/api(/|$)(.*)</c>).
    /// </summary>
    [Theory]
    [InlineData("/app(/|$)(.*)", "/app", "/")]
    [InlineData("/app(/|$)(.*)", "/app/hello", "/hello")]
    [InlineData("/app(/|$)(.*)", "/app/hello?x=1", "/hello?x=1")]
    [InlineData("/api(/|$)(.*)", "/api/users", "/users")]
    [InlineData("/api(/|$)(.*)", "/api/", "/")]
    [InlineData("/api(/|$)(.*)", "/api/v1/users/123", "/v1/users/123")]
    public void Capture_group_rewrites_of_the_migration_suite(string path, string target, string upstream)
    {
        var gateway = Of(Ingress("rewrite-test").Annotate("rewrite-target", "/$2").Annotate("use-regex", "true")
            .Path(path, "backend", PathType.ImplementationSpecific));

        var decision = gateway.Get(target);

        Expect.Backend(decision, "backend", upstream);
        Assert.True(decision.IsRewritten);
    }

    /// <summary>docs/annotations.md: the match and the capture are both case-insensitive (<c>(?i)</c>).</summary>
    [Theory]
    [InlineData("/FOO/bar", "/x/bar")]
    [InlineData("/Foo/BAR/baz", "/x/BAR/baz")]
    public void Captures_match_case_insensitively_and_keep_the_request_case(string target, string upstream)
    {
        var gateway = Of(Ingress("ci").Annotate("rewrite-target", "/x/$1").Path("/foo/(.*)", "echo", PathType.ImplementationSpecific));

        Expect.Backend(gateway.Get(target), "echo", upstream);
    }

    /// <summary>
    /// A capture holds decoded path text; what it carries into the rewritten path is escaped again,
    /// as nginx escapes the rewritten URI for proxy_pass (ngx_escape_uri's URI set: space, <c>#</c>,
    /// <c>%</c>, <c>?</c>, controls and bytes over 0x7E), so a decoded <c>?</c> or <c>#</c> stays path
    /// text and never starts a query or fragment upstream; the request's own query is appended as
    /// sent. nginx gives the same answers (NginxDifferentialCases, "escaping inside rewrite captures").
    /// </summary>
    [Theory]
    [InlineData("/foo/a%3Fb", "/new/a%3Fb")]
    [InlineData("/foo/a%3fb?x=1", "/new/a%3Fb?x=1")]
    [InlineData("/foo/%3F", "/new/%3F")]
    [InlineData("/foo/a%3F%3Fb=c", "/new/a%3F%3Fb=c")]
    [InlineData("/foo/a%23b", "/new/a%23b")]
    [InlineData("/foo/100%25", "/new/100%25")]
    [InlineData("/foo/100%2541", "/new/100%2541")]
    [InlineData("/foo/a%20b", "/new/a%20b")]
    [InlineData("/foo/caf%C3%A9", "/new/caf%C3%A9")]
    [InlineData("/foo/%FF%80", "/new/%FF%80")]                  // bytes that are no UTF-8 go back as the same bytes
    [InlineData("/foo/a%2Fb", "/new/a/b")]
    [InlineData("/foo/a+b", "/new/a+b")]
    public void Decoded_query_and_fragment_characters_in_a_capture_stay_path_text(string target, string upstream)
    {
        var gateway = Of(Ingress("escape").Annotate("rewrite-target", "/new/$1").Path("/foo/(.*)", "echo", PathType.ImplementationSpecific));

        var decision = gateway.Get(target);

        Expect.Backend(decision, "echo", upstream);
        // What the backend reads as its query is the request's, nothing more.
        var sent = target.IndexOf('?', StringComparison.Ordinal);
        var received = decision.UpstreamTarget!.IndexOf('?', StringComparison.Ordinal);
        Assert.Equal(sent < 0 ? "" : target[sent..], received < 0 ? "" : decision.UpstreamTarget[received..]);
        Assert.DoesNotContain('#', decision.UpstreamTarget);
    }

    /// <summary>migration TestNoRegexRewriteBehavior: use-regex "false" does not switch rewrite-target off.</summary>
    [Theory]
    [InlineData("/", "/rewritten")]
    [InlineData("/deeper/path?q=1", "/rewritten?q=1")]
    public void Use_regex_false_still_rewrites(string target, string upstream)
    {
        var gateway = Of(Ingress("no-regex-test").Annotate("rewrite-target", "/rewritten").Annotate("use-regex", "false").Path("/", "backend"));

        Expect.Backend(gateway.Get(target), "backend", upstream);
    }

    /// <summary>migration TestExactPathRewrite.</summary>
    [Fact]
    public void Exact_path_is_rewritten()
    {
        var gateway = Of(Ingress("exact-path-test").Annotate("rewrite-target", "/rewritten").Path("/original", "backend", PathType.Exact));

        Expect.Backend(gateway.Get("/original"), "backend", "/rewritten");
    }

    /// <summary>migration TestFullPathRewriteNoRegexPath: an absolute target is a 302; an unset <c>$1</c> is empty.</summary>
    [Theory]
    [InlineData("/original", "https://bar.example.org/")]
    [InlineData("/original/a/b/c", "https://bar.example.org/")]
    [InlineData("/original?q=1&r=2", "https://bar.example.org/?q=1&r=2")] // docs/annotations.md: the query is appended
    public void Absolute_target_on_a_plain_path_is_a_302_with_the_query(string target, string location)
    {
        var gateway = Of(Ingress("full-path-test").Annotate("rewrite-target", "https://bar.example.org/$1").Path("/original", "backend"));

        Expect.Redirect(gateway.Get(target), 302, location, "rewrite-target");
    }

    /// <summary>
    /// migration TestFullPathRewriteWithRegexPath: <c>/original</c> does not match <c>/original/(.*)</c>, yet the root
    /// location carries the first Ingress's rewrite and answers with the 302 (docs/matching.md).
    /// </summary>
    [Theory]
    [InlineData("/original", "https://bar.example.org/")]
    [InlineData("/original/a/b/c", "https://bar.example.org/a/b/c")]
    [InlineData("/original/x?q=1", "https://bar.example.org/x?q=1")]
    [InlineData("/elsewhere", "https://bar.example.org/")]
    public void Absolute_target_on_a_regex_path_redirects_even_what_the_path_does_not_match(string target, string location)
    {
        var gateway = Of(Ingress("full-path-regex-test").Annotate("rewrite-target", "https://bar.example.org/$1")
            .Path("/original/(.*)", "backend", PathType.ImplementationSpecific));

        Expect.Redirect(gateway.Get(target), 302, location, "rewrite-target");
    }

    /// <summary>docs/annotations.md: a target equal to the path is no rewrite and does not switch the host to regex mode.</summary>
    [Fact]
    public void Target_equal_to_the_path_is_no_rewrite_and_no_regex_mode()
    {
        var gateway = Of(
            Ingress("root").Annotate("rewrite-target", "/").Path("/", "root"),
            Ingress("foo").Path("/foo", "foo"));

        var root = gateway.Get("/foobar?q=1");
        var foo = gateway.Get("/foo/x");

        // In regex mode "^/foo" would take /foobar; in plain mode Prefix /foo does not.
        Expect.Backend(root, "root", "/foobar?q=1");
        Assert.False(root.IsRewritten);
        Expect.Backend(foo, "foo", "/foo/x");
        Assert.False(foo.IsRewritten);
    }

    /// <summary>docs/matching.md (controller.go createServers): the catch-all Ingress's rewrite and redirect annotations are not applied.</summary>
    [Fact]
    public void Catch_all_rewrite_and_redirect_are_not_applied()
    {
        var catchAll = CatchAll("fallback", "fallback", ("rewrite-target", "/new"), ("temporal-redirect", "https://elsewhere.example.com/"));
        var gateway = Of(null, [catchAll]);

        var decision = gateway.Get("/some/path?q=1", "unknown.example.com");

        Assert.Empty(gateway.Errors);
        Expect.Backend(decision, "fallback", "/some/path?q=1");
        Assert.False(decision.IsRewritten);
    }

    /// <summary>xforwardedprefix.go "should set the X-Forwarded-Prefix to the annotation value".</summary>
    [Fact]
    public void Forwarded_prefix_is_sent_when_the_location_rewrites()
    {
        var gateway = Of(Ingress("xfp").Annotate("rewrite-target", "/foo").Annotate("x-forwarded-prefix", "/test/value").Path("/", "echo"));

        var decision = gateway.Get("/");

        Expect.Backend(decision, "echo", "/foo");
        Assert.Equal("/test/value", decision.ForwardedPrefix);
    }

    /// <summary>xforwardedprefix.go "should not add X-Forwarded-Prefix if the annotation value is empty".</summary>
    [Fact]
    public void Empty_forwarded_prefix_adds_no_header()
    {
        var gateway = Of(Ingress("xfp").Annotate("rewrite-target", "/foo").Annotate("x-forwarded-prefix", string.Empty).Path("/", "echo"));

        var decision = gateway.Get("/");

        Expect.Backend(decision, "echo", "/foo");
        Assert.Null(decision.ForwardedPrefix);
    }

    /// <summary>docs/annotations.md: the header is emitted inside the rewrite branch only.</summary>
    [Fact]
    public void Forwarded_prefix_is_not_sent_without_a_rewrite()
    {
        var gateway = Of(Ingress("xfp").Annotate("x-forwarded-prefix", "/test/value").Path("/", "echo"));

        var decision = gateway.Get("/x");

        Expect.Backend(decision, "echo", "/x");
        Assert.False(decision.IsRewritten);
        Assert.Null(decision.ForwardedPrefix);
    }

    /// <summary>nginx expands <c>$1</c> in the header from the rewrite's captures (the last regex match of the location).</summary>
    [Fact]
    public void Forwarded_prefix_takes_the_rewrite_captures()
    {
        var gateway = Of(Ingress("xfp").Annotate("rewrite-target", "/$3").Annotate("x-forwarded-prefix", "/$1")
            .Path("/(app|api)(/|$)(.*)", "echo", PathType.ImplementationSpecific));

        var decision = gateway.Get("/api/users");

        Expect.Backend(decision, "echo", "/users");
        Assert.Equal("/api", decision.ForwardedPrefix);
    }

    /// <summary>
    /// A target that starts with a capture is valid (ingress-nginx's <c>/api(/.*)</c> with <c>$1</c>),
    /// but when the capture has no leading '/' the result is no path. nginx answers 500 for an empty
    /// rewritten URI ("the rewritten URI has a zero length") and sends any other one on a request line
    /// the backend refuses; no backend can take it here either (ASP.NET Core's PathString throws), so
    /// the decision is a 500, never a request-target that is not origin form. Found by fuzz/ (rewrite).
    /// </summary>
    [Theory]
    [InlineData("/abc")]
    [InlineData("/abc?x=1")]
    [InlineData("/")]
    [InlineData("/?x=1")]
    public void A_rewrite_that_gives_no_path_is_a_500(string target)
    {
        var gateway = Of(Ingress("regex").Annotate("use-regex", "true").Annotate("rewrite-target", "$1")
            .Path("/(.*)", "echo", PathType.ImplementationSpecific));

        var decision = gateway.Get(target);

        Assert.True(decision.Kind == IngressDecisionKind.Status, $"expected a 500, got {decision} ({decision.UpstreamTarget})");
        Assert.Equal(500, decision.StatusCode);
        Assert.Equal("rewrite-target", decision.DecidedBy);
    }

    [Theory]
    [InlineData("/api/users?x=1", "/users?x=1")]
    [InlineData("/api/", "/")]
    public void A_target_starting_with_a_capture_that_holds_the_slash_rewrites(string target, string upstream)
    {
        var gateway = Of(Ingress("regex").Annotate("use-regex", "true").Annotate("rewrite-target", "$1")
            .Path("/api(/.*)", "echo", PathType.ImplementationSpecific));

        Expect.Backend(gateway.Get(target), "echo", upstream);
    }
}
