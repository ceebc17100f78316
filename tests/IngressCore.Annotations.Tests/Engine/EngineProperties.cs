using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static IngressCore.Annotations.Tests.Engine.Gateway;
using IngressCore.Annotations.Tests.Support;
using IngressCore.Decisions;
using IngressCore.Model;

namespace IngressCore.Annotations.Tests.Engine;

/// <summary>Properties of the decider over generated weights, draws, headers, paths and annotation values (docs/matching.md).</summary>
public sealed class EngineProperties
{
    private const string Host = "foo.com";

    private static Gateway Canary(ICanaryRandom random, params (string Name, string Value)[] annotations) =>
        PrimaryAndCanary(random, Host, "mainline", "canary", annotations);

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Draws taken from a generated list (clamped into 1..total), so "whatever the draws" covers the edges too.</summary>
    private sealed class ScriptedRandom(int[] draws) : ICanaryRandom
    {
        private int _next;

        public int Draw(int total)
        {
            var draw = draws.Length == 0 ? total : draws[_next++ % draws.Length];
            return 1 + (int)((uint)draw % (uint)total);
        }
    }

    public static Arbitrary<(int Weight, int Total, int Seed)> Splits() =>
        (from total in Gen.Choose(100, 10_000)
         from weight in Gen.Choose(1, total - 1)
         from seed in ArbMap.Default.GeneratorFor<int>()
         select (weight, total, seed)).ToArbitrary();

    /// <summary>
    /// canary.go "should route requests split between mainline and canary if canary weight is 50", for any weight:
    /// the canary share of N independent draws is Binomial(N, w/T)/N; 5 standard deviations (plus one draw) fails
    /// a correct engine about once in 1.7 million runs.
    /// </summary>
    [Property(Arbitrary = [typeof(EngineProperties)], MaxTest = 60)]
    public void Weight_routes_its_share_of_draws((int Weight, int Total, int Seed) split)
    {
        const int Draws = 4000;
        var gateway = Canary(CanaryRandom.Seeded(split.Seed), ("canary-weight", Text(split.Weight)), ("canary-weight-total", Text(split.Total)));
        var request = new TestRequest(Host, "/");

        var toCanary = 0;
        for (var i = 0; i < Draws; i++)
        {
            toCanary += gateway.Decide(request).IsCanary ? 1 : 0;
        }

        var p = (double)split.Weight / split.Total;
        var tolerance = (5 * Math.Sqrt(p * (1 - p) / Draws)) + (1.0 / Draws);
        var share = (double)toCanary / Draws;
        Assert.True(Math.Abs(share - p) <= tolerance, $"weight {split.Weight}/{split.Total}: {share:F4} routed, expected {p:F4} ± {tolerance:F4}");
    }

    [Property(MaxTest = 200)]
    public void Weight_zero_never_and_weight_at_or_above_the_total_always_whatever_the_draws(int[] draws, PositiveInt totalSeed, NonNegativeInt above)
    {
        var total = 100 + (totalSeed.Get % 10_000);
        var totalText = Text(total);
        var never = Canary(new ScriptedRandom(draws), ("canary-weight", "0"), ("canary-weight-total", totalText));
        var always = Canary(new ScriptedRandom(draws), ("canary-weight", Text(total + (above.Get % 1000))), ("canary-weight-total", totalText));
        var request = new TestRequest(Host, "/");

        for (var i = 0; i < Math.Max(draws.Length, 1); i++)
        {
            Assert.False(never.Decide(request).IsCanary);
            Assert.True(always.Decide(request).IsCanary);
        }
    }

    [Property(MaxTest = 200)]
    public void Always_and_never_headers_are_absolute_whatever_the_weight(NonNegativeInt weightSeed, int seed)
    {
        var weight = weightSeed.Get % 101;
        var gateway = Canary(CanaryRandom.Seeded(seed), ("canary-by-header", "X-Canary"), ("canary-weight", Text(weight)));

        for (var i = 0; i < 20; i++)
        {
            Assert.True(gateway.Decide(new TestRequest(Host, "/").WithHeader("X-Canary", "always")).IsCanary);
            Assert.False(gateway.Decide(new TestRequest(Host, "/").WithHeader("X-Canary", "never")).IsCanary);
        }
    }

    private static Gen<string> Word(string alphabet, int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.Elements(alphabet.ToCharArray()).ArrayOf(length)
        select new string(chars);

    public static Arbitrary<(string Target, string Suffix, string? Query)> Rewrites() =>
        (from target in Word("abcXYZ019-._~/", 0, 12).Select(w => "/" + w).Where(t => t != "/p")
         from suffix in Gen.OneOf(Gen.Constant(string.Empty), Word("abz09", 1, 6), Word("abz09/", 1, 10).Select(w => "/" + w))
         from query in Gen.OneOf(Gen.Constant<string?>(null), Word("abz09=&%2F", 1, 12).Select(q => (string?)q))
         select (target, suffix, query)).ToArbitrary();

    /// <summary>docs/annotations.md: a target without <c>$n</c> is its literal text, then <c>?</c> and the query when there is one.</summary>
    [Property(Arbitrary = [typeof(EngineProperties)], MaxTest = 200)]
    public void Target_without_captures_is_the_literal_target_plus_the_query((string Target, string Suffix, string? Query) rewrite)
    {
        var gateway = Of(Ingress("rewrite").Annotate("rewrite-target", rewrite.Target).Path("/p", "echo"));
        var requestTarget = "/p" + rewrite.Suffix + (rewrite.Query is null ? string.Empty : "?" + rewrite.Query);

        var decision = gateway.Get(requestTarget);

        Expect.Backend(decision, "echo", rewrite.Query is null ? rewrite.Target : rewrite.Target + "?" + rewrite.Query);
        Assert.True(decision.IsRewritten);
    }

    private static readonly string[] Segments = ["a", "b", "ab", "ba", "A", "abc", "c"];

    private static Gen<string> LiteralPaths =>
        from count in Gen.Choose(0, 3)
        from parts in Gen.Elements(Segments).ArrayOf(count)
        from slash in Gen.Elements(false, false, true)
        select "/" + string.Join('/', parts) + (slash && count > 0 ? "/" : string.Empty);

    public static Arbitrary<((string Path, PathType Type)[] Rules, string[] Requests)> RegexHosts() =>
        (from rules in (from path in LiteralPaths
                        from type in Gen.Elements(PathType.Prefix, PathType.Exact, PathType.ImplementationSpecific)
                        select (path, type)).ArrayOf().Select(r => r.DistinctBy(x => x.path, StringComparer.Ordinal).Take(8).ToArray())
         from requests in LiteralPaths.ArrayOf(5)
         select (rules, requests)).ToArbitrary();

    /// <summary>
    /// docs/matching.md for paths without regex metacharacters: the engine picks what nginx's ordered list picks —
    /// longest first, equal lengths in reverse ordinal order, first case-insensitive <c>^path</c> match wins, else 404.
    /// </summary>
    [Property(Arbitrary = [typeof(EngineProperties)], MaxTest = 300)]
    public void Regex_mode_selects_what_the_nginx_ordered_list_selects(((string Path, PathType Type)[] Rules, string[] Requests) host)
    {
        var ingress = Ingress("regex").Annotate("use-regex", "true");
        for (var i = 0; i < host.Rules.Length; i++)
        {
            ingress.Path(host.Rules[i].Path, "svc" + Text(i), host.Rules[i].Type);
        }

        // nginx's list, transcribed. use-regex keeps every path as written (no Prefix normalisation,
        // docs/matching.md); an Exact "/" sits behind the host's root location "^/", which comes first and takes
        // every request no other location takes, so it never wins.
        var ordered = host.Rules.Select((rule, i) => (rule.Path, rule.Type, Service: "svc" + Text(i)))
            .Where(r => !(r.Type == PathType.Exact && r.Path == "/"))
            .OrderByDescending(r => r.Path.Length)
            .ThenByDescending(r => r.Path, StringComparer.Ordinal)
            .Select(r => (r.Path, r.Service))
            .ToList();
        var gateway = Of(ingress, Ingress("other", "other.example").Path("/", "other"));

        foreach (var request in host.Requests)
        {
            var expected = ordered.FirstOrDefault(r => Regex.IsMatch(request, "^" + r.Path, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).Service;
            var decision = gateway.Get(request);
            if (expected is null)
            {
                Expect.Status(decision, 404);
            }
            else
            {
                Expect.Backend(decision, expected, request);
            }
        }
    }

    /// <summary>docs/annotations.md through the builder: the Ingress is refused whole, with an error on the annotation; its neighbour is served.</summary>
    [Property(Arbitrary = [typeof(AnnotationProperties)])]
    public void Control_character_in_any_annotation_refuses_the_ingress((string Name, string Value) annotation)
    {
        var gateway = Of(
            Ingress("poisoned", "poisoned.example").Annotate(annotation.Name, annotation.Value).Path("/", "poisoned"),
            Ingress("neighbour", "neighbour.example").Path("/", "neighbour"));

        Assert.Contains(gateway.Errors, e => e.Field == Annotated.Field(annotation.Name) && e.ToString().Contains("shop/poisoned", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Table.Ingresses, i => i.Name == "poisoned");
        Assert.Equal(IngressDecisionKind.Status, gateway.Get("/", "poisoned.example").Kind);
        Expect.Backend(gateway.Get("/", "neighbour.example"), "neighbour", "/");
    }
}
