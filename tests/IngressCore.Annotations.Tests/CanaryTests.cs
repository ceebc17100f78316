using IngressCore.Annotations.Tests.Support;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// canary and canary-*. Cases from kubernetes/ingress-nginx test/e2e/annotations/canary.go and
/// internal/ingress/annotations/canary/main_test.go; outcomes from docs/annotations.md.
/// </summary>
public sealed class CanaryTests
{
    [Fact]
    public void Header_value_and_cookie()
    {
        // canary.go "should route requests to the correct upstream" (by header value and cookie).
        var parsed = Annotated.Parse(
            ("canary", "true"), ("canary-by-header", "CanaryByHeader"), ("canary-by-header-value", "DoCanary"),
            ("canary-by-cookie", "CanaryByCookie"));

        Assert.Empty(parsed.Diagnostics);
        Assert.True(parsed.Result.IsCanary);
        var canary = parsed.Result.Canary!;
        Assert.Equal("CanaryByHeader", canary.Header);
        Assert.Equal("DoCanary", canary.HeaderValue);
        Assert.Equal("CanaryByCookie", canary.Cookie);
        Assert.Equal(0, canary.Weight);
        Assert.Equal(100, canary.WeightTotal);
    }

    [Fact]
    public void A_pattern_is_compiled_without_backtracking_when_it_can_be()
    {
        // canary.go: canary-by-header-pattern "^Do[A-Z][a-z]+y$".
        var canary = Annotated.Parse(
            ("canary", "true"), ("canary-by-header", "CanaryByHeader"), ("canary-by-header-pattern", "^Do[A-Z][a-z]+y$"))
            .Result.Canary!;

        Assert.NotNull(canary.HeaderPattern);
        Assert.True(canary.HeaderPattern.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));

        // Linear time needs no timeout, and one would misroute requests on a busy machine.
        Assert.Equal(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, canary.HeaderPattern.MatchTimeout);
        Assert.Matches(canary.HeaderPattern, "DoCanary");
        Assert.DoesNotMatch(canary.HeaderPattern, "docanary");     // case-sensitive, as PCRE
        Assert.DoesNotMatch(canary.HeaderPattern, "xDoCanary");
        Assert.False(canary.HeaderPatternIsInvalid);
    }

    [Fact]
    public void A_pattern_that_needs_backtracking_gets_a_match_timeout()
    {
        var canary = Annotated.Parse(
            ("canary", "true"), ("canary-by-header", "X"), ("canary-by-header-pattern", "^(a)\\1$")).Result.Canary!;

        Assert.False(canary.HeaderPattern!.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
        Assert.Equal(CanaryRules.PatternMatchTimeout, canary.HeaderPattern.MatchTimeout);
        Assert.Matches(canary.HeaderPattern, "aa");
    }

    [Fact]
    public void A_redos_pattern_cannot_stall_a_match()
    {
        var canary = Annotated.Parse(
            ("canary", "true"), ("canary-by-header", "X"), ("canary-by-header-pattern", "^(a+)+$")).Result.Canary!;
        var started = System.Diagnostics.Stopwatch.StartNew();

        Assert.DoesNotMatch(canary.HeaderPattern!, new string('a', 5000) + "!");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_pattern_that_does_not_compile_sends_the_header_to_the_primary()
    {
        // canary.go "should routes to mainline upstream when the given Regex causes error": not an error.
        var parsed = Annotated.Parse(
            ("canary", "true"), ("canary-by-header", "CanaryByHeader"), ("canary-by-header-pattern", "[][**da?$&*"),
            ("canary-by-cookie", "CanaryByCookie"));

        Assert.False(parsed.Result.HasErrors);
        Assert.True(parsed.Result.Canary!.HeaderPatternIsInvalid);
        Assert.Null(parsed.Result.Canary.HeaderPattern);
        Assert.Equal("[][**da?$&*", parsed.Result.Canary.HeaderPatternText);
        Assert.True(parsed.HasWarningOn("canary-by-header-pattern"));
    }

    [Fact]
    public void The_pattern_is_ignored_when_a_value_is_set()
    {
        var parsed = Annotated.Parse(
            ("canary", "true"), ("canary-by-header", "H"), ("canary-by-header-value", "DoCanary"),
            ("canary-by-header-pattern", "^Do[A-Z][a-z]+y$"));

        Assert.True(parsed.HasWarningOn("canary-by-header-pattern"));
        Assert.False(parsed.Result.HasErrors);
    }

    [Theory]
    [InlineData("0", null, 0, 100)]               // canary.go "weight is 0"
    [InlineData("100", null, 100, 100)]           // "weight is 100"
    [InlineData("1000", "1000", 1000, 1000)]      // "weight is equal to canary weight total"
    [InlineData("50", null, 50, 100)]             // "weight is 50"
    [InlineData("100", "200", 100, 200)]          // "weight is 100 and weight total is 200"
    public void Weights(string weight, string? total, int expectedWeight, int expectedTotal)
    {
        var annotations = new List<(string, string)> { ("canary", "true"), ("canary-weight", weight) };
        if (total is not null)
        {
            annotations.Add(("canary-weight-total", total));
        }

        var parsed = Annotated.Parse([.. annotations]);

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(expectedWeight, parsed.Result.Canary!.Weight);
        Assert.Equal(expectedTotal, parsed.Result.Canary.EffectiveWeightTotal);
    }

    [Fact]
    public void A_total_below_100_is_ignored_as_in_ingress_nginx_with_a_warning()
    {
        var parsed = Annotated.Parse(("canary", "true"), ("canary-weight", "5"), ("canary-weight-total", "10"));

        Assert.Equal(10, parsed.Result.Canary!.WeightTotal);
        Assert.Equal(100, parsed.Result.Canary.EffectiveWeightTotal);
        Assert.True(parsed.HasWarningOn("canary-weight-total"));
    }

    [Fact]
    public void Canary_rules_on_a_primary_are_ignored_with_warnings()
    {
        var parsed = Annotated.Parse(("canary-weight", "50"), ("canary-by-header", "X"));

        Assert.False(parsed.Result.IsCanary);
        Assert.False(parsed.Result.HasErrors);
        Assert.True(parsed.HasWarningOn("canary-weight"));
        Assert.True(parsed.HasWarningOn("canary-by-header"));
    }

    [Fact]
    public void An_explicit_false_is_a_primary()
    {
        var parsed = Annotated.Parse(("canary", "false"));

        Assert.False(parsed.Result.IsCanary);
        Assert.Empty(parsed.Diagnostics);
    }

    [Theory]
    [InlineData("canary", "yes")]                          // ingress-nginx would silently make it a primary
    [InlineData("canary-weight", "10%")]
    [InlineData("canary-weight", "-10")]
    [InlineData("canary-weight", "0.5")]
    [InlineData("canary-weight-total", "1e3")]
    [InlineData("canary-by-header", "X Canary")]
    [InlineData("canary-by-header", "X:Canary")]
    [InlineData("canary-by-header", "X/Canary")]
    [InlineData("canary-by-cookie", "a=b")]
    [InlineData("canary-by-header-value", "a b")]
    [InlineData("canary-by-header-value", "a,b")]
    [InlineData("canary-by-header-pattern", "a b")]
    [InlineData("canary-by-header-pattern", "a#b")]
    [InlineData("canary-by-header-pattern", "a;b")]
    public void Invalid_canary_values_are_errors(string name, string value)
    {
        var annotations = new Dictionary<string, string> { ["canary"] = "true", ["canary-by-header"] = "X" };
        annotations[name] = value;

        var parsed = Annotated.Parse([.. annotations.Select(a => (a.Key, a.Value))]);

        Assert.True(parsed.HasErrorOn(name));
        Assert.True(parsed.Result.HasErrors);
    }

    [Fact]
    public void A_canary_ignores_the_primarys_location_settings_with_warnings()
    {
        // ingress-nginx docs "Canary": a canary contributes its traffic rules and upstream-level settings.
        var parsed = Annotated.Parse(
            ("canary", "true"), ("canary-weight", "10"), ("rewrite-target", "/"), ("enable-cors", "true"),
            ("affinity", "cookie"), ("proxy-buffer-size", "8k"));

        Assert.True(parsed.HasWarningOn("rewrite-target"));
        Assert.True(parsed.HasWarningOn("enable-cors"));
        // Upstream-level, so a canary keeps it (ingress-nginx's canary docs).
        Assert.False(parsed.HasWarningOn("affinity"));
        Assert.False(parsed.HasWarningOn("canary-weight"));
        Assert.Single(parsed.Warnings, d => d.Field == Annotated.Field("proxy-buffer-size")); // unsupported, said once
        Assert.False(parsed.Result.HasErrors);
    }
}
