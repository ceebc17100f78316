using static IngressCore.Annotations.Tests.Engine.Gateway;
using IngressCore.Decisions;
using IngressCore.Model;

namespace IngressCore.Annotations.Tests.Engine;

/// <summary>
/// Canary attachment and the per-request choice through the builder and the decider, each case mirroring
/// kubernetes/ingress-nginx test/e2e/annotations/canary.go or traefik/ingress-nginx-migration
/// e2e/canary_suite_test.go. docs/annotations.md.
/// </summary>
public sealed class CanaryBehaviourTests
{
    private const string Host = "foo.com";

    /// <summary>A primary on <c>/</c> to "http-svc" and a canary of it to "http-svc-canary" with the given annotations (canary: "true" added).</summary>
    private static Gateway Scenario(params (string Name, string Value)[] canaryAnnotations) => Scenario(CanaryRandom.Seeded(7), canaryAnnotations);

    private static Gateway Scenario(ICanaryRandom random, params (string Name, string Value)[] canaryAnnotations) =>
        PrimaryAndCanary(random, Host, "http-svc", "http-svc-canary", canaryAnnotations);

    private static TestRequest Request(string? header = null, string? cookies = null)
    {
        var request = new TestRequest(Host, "/info");
        request = header is null ? request : request.WithHeader("CanaryByHeader", header);
        return cookies is null ? request : request.WithCookies(cookies);
    }

    private static void Routes(Gateway gateway, TestRequest request, bool toCanary, string? rule = null)
    {
        var decision = gateway.Decide(request);

        Expect.Backend(decision, toCanary ? "http-svc-canary" : "http-svc", request.Target, toCanary);
        if (rule is not null)
        {
            Assert.Equal(rule, decision.CanaryRule);
        }
    }

    /// <summary>canary.go "when canaried by header with no value" / "should route requests to the correct upstream"; migration TestHeader.</summary>
    [Theory]
    [InlineData("always", true)]
    [InlineData("never", false)]
    [InlineData("badheadervalue", false)]
    [InlineData(null, false)]
    public void Header_always_and_never_decide_other_values_fall_through(string? header, bool toCanary)
    {
        Routes(Scenario(("canary-by-header", "CanaryByHeader")), Request(header), toCanary);
    }

    /// <summary>
    /// canary.go "when canaried by header with value" / "should route requests to the correct upstream"; migration TestHeaderValue:
    /// only the exact, case-sensitive value routes; "always" is just a mismatch.
    /// </summary>
    [Theory]
    [InlineData("DoCanary", true)]
    [InlineData("docanary", false)]
    [InlineData("always", false)]
    [InlineData("never", false)]
    [InlineData("otherheadervalue", false)]
    public void Header_value_must_match_exactly(string header, bool toCanary)
    {
        Routes(Scenario(("canary-by-header", "CanaryByHeader"), ("canary-by-header-value", "DoCanary")), Request(header), toCanary);
    }

    /// <summary>docs/annotations.md: with a header value set, "never" does not block the weight (it falls through).</summary>
    [Fact]
    public void Header_never_with_a_value_configured_falls_through_to_the_weight()
    {
        var gateway = Scenario(("canary-by-header", "CanaryByHeader"), ("canary-by-header-value", "DoCanary"), ("canary-weight", "100"));

        Routes(gateway, Request("never"), toCanary: true, rule: "canary-weight");
    }

    /// <summary>canary.go "when canaried by header with value and cookie" / "should route requests to the correct upstream".</summary>
    [Theory]
    [InlineData("DoCanary", "CanaryByCookie=never", true)]
    [InlineData("otherheadervalue", "CanaryByCookie=always", true)]
    [InlineData("always", "CanaryByCookie=never", false)]
    public void Header_value_beats_the_cookie_and_a_mismatch_falls_through_to_it(string header, string cookies, bool toCanary)
    {
        var gateway = Scenario(("canary-by-header", "CanaryByHeader"), ("canary-by-header-value", "DoCanary"), ("canary-by-cookie", "CanaryByCookie"));

        Routes(gateway, Request(header, cookies), toCanary);
    }

    /// <summary>canary.go "when canaried by header with value and pattern" / "should route requests to the correct upstream"; migration TestHeaderPattern.</summary>
    [Theory]
    [InlineData("^Do[A-Z][a-z]+y$", "DoCanary", true)]
    [InlineData("^Do[A-Z][a-z]+y$", "doCanary", false)] // case-sensitive
    [InlineData("^(lab|staging)$", "lab", true)]
    [InlineData("^(lab|staging)$", "staging", true)]
    [InlineData("^(lab|staging)$", "other", false)]
    [InlineData("staging", "pre-staging-2", true)] // unanchored
    public void Header_pattern_routes_matching_values(string pattern, string header, bool toCanary)
    {
        Routes(Scenario(("canary-by-header", "CanaryByHeader"), ("canary-by-header-pattern", pattern)), Request(header), toCanary);
    }

    /// <summary>docs/annotations.md: canary-by-header-pattern is ignored when canary-by-header-value is set.</summary>
    [Fact]
    public void Header_pattern_is_ignored_when_a_value_is_set()
    {
        var gateway = Scenario(("canary-by-header", "CanaryByHeader"), ("canary-by-header-value", "DoCanary"), ("canary-by-header-pattern", "^Do.*$"));

        Routes(gateway, Request("DoOther"), toCanary: false);
        Routes(gateway, Request("DoCanary"), toCanary: true, rule: "canary-by-header-value");
    }

    /// <summary>canary.go "when canaried by header with value and pattern" / "should routes to mainline upstream when the given Regex causes error".</summary>
    [Fact]
    public void Invalid_header_pattern_sends_to_the_primary_even_with_cookie_always()
    {
        var gateway = Scenario(("canary-by-header", "CanaryByHeader"), ("canary-by-header-pattern", "[][**da?$&*"), ("canary-by-cookie", "CanaryByCookie"));

        Routes(gateway, Request("DoCanary", "CanaryByCookie=always"), toCanary: false, rule: "canary-by-header-pattern");
    }

    /// <summary>canary.go "when canaried by cookie" / "respects always and never values", "ignores any other value"; migration TestCookie.</summary>
    [Theory]
    [InlineData("Canary-By-Cookie=always", true)]
    [InlineData("Canary-By-Cookie=never", false)]
    [InlineData("Canary-By-Cookie=badcookievalue", false)]
    [InlineData("other_cookie=foo; Canary-By-Cookie=always", true)] // migration TestCookie MultiCookieRoutesToCanary
    public void Cookie_always_and_never_decide(string cookies, bool toCanary)
    {
        Routes(Scenario(("canary-by-cookie", "Canary-By-Cookie")), Request(cookies: cookies), toCanary);
    }

    /// <summary>migration TestHeaderWeight: the header beats weight 100 both ways; without it the weight decides.</summary>
    [Theory]
    [InlineData("always", true, "canary-by-header")]
    [InlineData("never", false, "canary-by-header")]
    [InlineData(null, true, "canary-weight")]
    public void Header_beats_weight_100(string? header, bool toCanary, string rule)
    {
        Routes(Scenario(("canary-by-header", "CanaryByHeader"), ("canary-weight", "100")), Request(header), toCanary, rule);
    }

    /// <summary>
    /// canary.go "when canaried by weight" / "should route requests only to mainline if canary weight is 0",
    /// "should route requests only to canary if canary weight is 100"; "when canaried by weight with weight total" /
    /// "should route requests only to canary if canary weight is equal to canary weight total";
    /// migration TestWeightNone, TestWeightAll, TestWeightTotal (200 of 200).
    /// </summary>
    [Theory]
    [InlineData("0", null, false)]
    [InlineData("100", null, true)]
    [InlineData("1000", "1000", true)]
    [InlineData("200", "200", true)]
    [InlineData("0", "1000", false)]
    public void Weight_zero_never_and_weight_at_the_total_always(string weight, string? total, bool toCanary)
    {
        var annotations = total is null
            ? new[] { ("canary-weight", weight) }
            : [("canary-weight", weight), ("canary-weight-total", total)];
        var gateway = Scenario(annotations);

        for (var i = 0; i < 50; i++)
        {
            Routes(gateway, Request(), toCanary, "canary-weight");
        }
    }

    /// <summary>canary.go "should return 404 status for requests to the canary if no matching ingress is found", "should not use canary with domain as a server".</summary>
    [Fact]
    public void Host_named_only_by_a_canary_is_not_served()
    {
        var gateway = Of(
            Ingress("mainline", "bar.com").Path("/", "http-svc"),
            Ingress("canary", Host).Annotate("canary", "true").Annotate("canary-by-header", "CanaryByHeader").Path("/", "http-svc-canary"));

        Expect.Status(gateway.Decide(Request("always")), 404);
        Assert.Contains(gateway.Warnings, w => w.Message.Contains("no non-canary Ingress defines", StringComparison.Ordinal));
    }

    /// <summary>canary.go "should not use canary as a catch-all server".</summary>
    [Fact]
    public void Canary_default_backend_is_not_a_catch_all()
    {
        var canary = CatchAll("canary-catch-all", "http-svc-canary", ("canary", "true"), ("canary-weight", "100"));
        var primary = Ingress("mainline", "bar.com").Path("/", "http-svc").Build(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
        var gateway = Of(null, [canary, primary]);

        Expect.Status(gateway.Get("/", "unknown.com"), 404);
        Assert.Null(gateway.Table.CatchAll);
    }

    /// <summary>docs/annotations.md: a canary joins only the locations with its host and its path and path type.</summary>
    [Theory]
    [InlineData("other.com", "/", PathType.Prefix)]
    [InlineData(Host, "/other", PathType.Prefix)]
    [InlineData(Host, "/", PathType.Exact)]
    public void Canary_of_another_host_or_path_is_not_attached(string canaryHost, string canaryPath, PathType canaryType)
    {
        var gateway = Of(
            Ingress("mainline", Host).Path("/", "http-svc"),
            Ingress("other", "other.com").Path("/x", "other-svc"),
            Ingress("canary", canaryHost).Annotate("canary", "true").Annotate("canary-by-header", "CanaryByHeader").Path(canaryPath, "http-svc-canary", canaryType));

        Routes(gateway, Request("always"), toCanary: false);
        Assert.Null(gateway.Decide(Request("always")).CanaryRule);
        var warning = Assert.Single(gateway.Warnings, w => w.Name == "canary");
        Assert.Equal($"canary: no route of host {canaryHost} has path {canaryPath} ({canaryType}) to share its traffic with; the canary path is not used", warning.Message);
    }

    /// <summary>
    /// controller.go mergeAlternativeBackends: a canary's spec.defaultBackend joins the catch-all's
    /// Service; without a catch-all, or on the catch-all's own Service, it is not used, with a warning.
    /// </summary>
    [Fact]
    public void A_canary_default_backend_shares_the_catch_all_s_traffic()
    {
        var primary = CatchAll("catch-all", "default-svc");
        var canary = CatchAll("canary-catch-all", "default-svc-canary", ("canary", "true"), ("canary-weight", "100")) with { CreationTimestamp = Epoch.AddMinutes(1) };

        var gateway = Of(null, [canary, primary]);

        Expect.Backend(gateway.Get("/", "unknown.com"), "default-svc-canary", "/", canary: true);
        Assert.Empty(gateway.Warnings);
    }

    [Fact]
    public void A_canary_default_backend_without_a_catch_all_to_join_warns()
    {
        var alone = Of(null, [CatchAll("canary-catch-all", "default-svc-canary", ("canary", "true"), ("canary-weight", "100"))]);
        var same = Of(null, [CatchAll("catch-all", "default-svc"), CatchAll("canary-catch-all", "default-svc", ("canary", "true"), ("canary-weight", "100")) with { CreationTimestamp = Epoch.AddMinutes(1) }]);

        Assert.Equal(
            ("spec.defaultBackend", "canary: there is no catch-all default backend to share traffic with; the canary is not used"),
            (Assert.Single(alone.Warnings).Field, alone.Warnings.Single().Message));
        Assert.Contains(same.Warnings, w => w.Message == "canary: the catch-all default backend is not shared with it; the canary is not used");
        Expect.Backend(same.Get("/", "unknown.com"), "default-svc", "/");
    }

    /// <summary>controller.go: one alternative backend per upstream, the first merged (the oldest canary).</summary>
    [Theory]
    [InlineData("http-svc-canary-two")]
    [InlineData("http-svc-canary")] // the same canary Service from another Ingress is still a second canary
    public void Two_canaries_of_one_Service_the_older_is_used_and_the_newer_warned_about(string secondService)
    {
        var gateway = Of(
            Ingress("mainline", Host).Path("/", "http-svc"),
            Ingress("canary", Host).Annotate("canary", "true").Annotate("canary-by-header", "CanaryByHeader").Path("/", "http-svc-canary"),
            Ingress("canary-two", Host).Annotate("canary", "true").Annotate("canary-by-header", "CanaryByHeader").Path("/", secondService));

        Expect.Backend(gateway.Decide(Request("always")), "http-svc-canary", "/info", canary: true);
        var warning = Assert.Single(gateway.Warnings);
        Assert.Equal("canary-two", warning.Name);
        Assert.Contains("already has canary shop/canary", warning.Message, StringComparison.Ordinal);
        Assert.Contains("only one canary per Service is used", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>docs/annotations.md (controller.go canMergeBackend): a canary on the primary's own Service is not merged, with a warning.</summary>
    [Fact]
    public void Canary_on_the_primary_service_is_not_attached_and_warns()
    {
        var gateway = Of(
            Ingress("mainline", Host).Path("/", "http-svc"),
            Ingress("canary", Host).Annotate("canary", "true").Annotate("canary-by-header", "CanaryByHeader").Path("/", "http-svc"));

        var decision = gateway.Decide(Request("always"));

        Expect.Backend(decision, "http-svc", "/info");
        Assert.Null(decision.CanaryRule);
        Assert.Contains(gateway.Warnings, w => w.Message.Contains("primary's own Service", StringComparison.Ordinal));
    }

    /// <summary>docs/annotations.md: the canary joins the primary's Service, so every location of that Service gets it.</summary>
    [Theory]
    [InlineData(Host, "/a")]
    [InlineData(Host, "/b/c")]
    [InlineData("other.com", "/")]
    public void Canary_attaches_to_every_route_of_the_primary_service(string host, string target)
    {
        var gateway = Of(
            Ingress("mainline", Host).Path("/a", "http-svc").Path("/b", "http-svc").Path("/z", "unrelated"),
            Ingress("other", "other.com").Path("/", "http-svc"),
            Ingress("canary", Host).Annotate("canary", "true").Annotate("canary-by-header", "CanaryByHeader").Path("/a", "http-svc-canary"));

        Expect.Backend(gateway.Decide(new TestRequest(host, target).WithHeader("CanaryByHeader", "always")), "http-svc-canary", target, canary: true);
        Expect.Backend(gateway.Decide(new TestRequest(Host, "/z").WithHeader("CanaryByHeader", "always")), "unrelated", "/z");
    }

    /// <summary>docs/annotations.md (annotations.md "Canary"): rewrite and redirects come from the primary's location, not the canary.</summary>
    [Fact]
    public void Canary_rewrite_and_redirect_annotations_are_ignored_and_the_primary_ones_apply()
    {
        var gateway = Of(
            Ingress("mainline", Host).Annotate("rewrite-target", "/from-primary/$1").Path("/app/(.*)", "http-svc", PathType.ImplementationSpecific),
            Ingress("canary", Host).Annotate("canary", "true").Annotate("canary-by-header", "CanaryByHeader")
                .Annotate("rewrite-target", "/from-canary").Annotate("permanent-redirect", "https://canary.example.com/")
                .Path("/app/(.*)", "http-svc-canary", PathType.ImplementationSpecific));

        var toCanary = gateway.Decide(new TestRequest(Host, "/app/x?q=1").WithHeader("CanaryByHeader", "always"));
        var toPrimary = gateway.Decide(new TestRequest(Host, "/app/x?q=1"));

        Expect.Backend(toCanary, "http-svc-canary", "/from-primary/x?q=1", canary: true);
        Expect.Backend(toPrimary, "http-svc", "/from-primary/x?q=1");
    }

    /// <summary>canary.go "when canaried by cookie" with a weight: the cookie decides both ways before the weight is drawn.</summary>
    [Theory]
    [InlineData("Canary-By-Cookie=never", false, "canary-by-cookie")]
    [InlineData("Canary-By-Cookie=always", true, "canary-by-cookie")]
    [InlineData("Canary-By-Cookie=other", true, "canary-weight")]
    public void Cookie_beats_weight_100(string cookies, bool toCanary, string rule)
    {
        Routes(Scenario(("canary-by-cookie", "Canary-By-Cookie"), ("canary-weight", "100")), Request(cookies: cookies), toCanary, rule);
    }

    /// <summary>canary.go "when canaried by header with value and pattern": the rule that decided is the pattern.</summary>
    [Fact]
    public void Header_pattern_names_itself_as_the_rule()
    {
        var gateway = Scenario(("canary-by-header", "CanaryByHeader"), ("canary-by-header-pattern", "^yes$"));

        Routes(gateway, Request("yes"), toCanary: true, "canary-by-header-pattern");
        Routes(gateway, Request("no"), toCanary: false, "canary-weight");
    }

    /// <summary>
    /// ingress-nginx's balancer draws <c>math.random(total)</c> (1..total) and sends to the canary
    /// when the draw is at most the weight: weight 30 of 100 takes draws 1 to 30, not 31.
    /// </summary>
    [Theory]
    [InlineData(1, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    [InlineData(100, false)]
    public void A_weight_takes_the_draws_up_to_and_including_itself(int draw, bool toCanary)
    {
        var gateway = Scenario(new FixedDraw(draw), ("canary-weight", "30"));

        Routes(gateway, Request(), toCanary, "canary-weight");
    }

    [Fact]
    public void The_draws_cover_one_to_the_total_and_nothing_else()
    {
        Assert.Equal(1, CanaryRandom.Shared.Draw(1));
        foreach (var random in new[] { CanaryRandom.Shared, CanaryRandom.Seeded(7) })
        {
            var seen = Enumerable.Range(0, 300).Select(_ => random.Draw(3)).ToHashSet();
            Assert.Equal([1, 2, 3], seen.Order());
        }
    }

    /// <summary>A draw source that always draws the same value.</summary>
    private sealed class FixedDraw(int value) : ICanaryRandom
    {
        public int Draw(int total) => value;
    }
}
