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

    [Fact]
    public void A_backtracking_pattern_is_valid()
    {
        var parsed = Annotated.Parse(("canary", "true"), ("canary-by-header", "X"), ("canary-by-header-pattern", "^(a)\\1$"));

        Assert.Empty(parsed.Diagnostics);
        Assert.False(parsed.Result.Canary!.HeaderPatternIsInvalid);
    }

    [Theory]
    [InlineData("CanaryByHeader", "'CanaryByHeader'")]
    [InlineData(null, "'(none)'")]
    public void The_warning_for_a_pattern_that_does_not_compile_names_the_header(string? header, string quoted)
    {
        var annotations = new List<(string, string)> { ("canary", "true"), ("canary-by-header-pattern", "[][**da?$&*") };
        if (header is not null)
        {
            annotations.Add(("canary-by-header", header));
        }

        var parsed = Annotated.Parse([.. annotations]);

        var warning = Assert.Single(parsed.Warnings, w => w.Message.StartsWith("does not compile (", StringComparison.Ordinal));
        Assert.Equal(Annotated.Field("canary-by-header-pattern"), warning.Field);
        Assert.Contains(
            $"); as in ingress-nginx, a request carrying the header {quoted} then goes to the primary without consulting the cookie or the weight",
            warning.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_ignored_pattern_is_named_in_the_warning()
    {
        var parsed = Annotated.Parse(
            ("canary", "true"), ("canary-by-header", "H"), ("canary-by-header-value", "DoCanary"), ("canary-by-header-pattern", "^Do"));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(Annotated.Field("canary-by-header-pattern"), warning.Field);
        Assert.Equal("ignored: canary-by-header-value is also set and takes precedence, as in ingress-nginx", warning.Message);
    }

    [Fact]
    public void A_header_value_or_pattern_without_a_header_is_ignored_with_warnings()
    {
        var parsed = Annotated.Parse(("canary", "true"), ("canary-by-header-value", "DoCanary"), ("canary-by-header-pattern", "^Do"));

        Assert.Equal(2, parsed.Diagnostics.Count);
        Assert.All(parsed.Diagnostics, d => Assert.Equal("ignored: canary-by-header is not set", d.Message));
        Assert.True(parsed.HasWarningOn("canary-by-header-value"));
        Assert.True(parsed.HasWarningOn("canary-by-header-pattern"));
        Assert.True(parsed.Result.IsCanary);
    }

    [Fact]
    public void Each_rule_on_a_primary_is_named_in_a_warning()
    {
        var parsed = Annotated.Parse(
            ("canary", "false"), ("canary-by-header", "X"), ("canary-by-header-value", "v"), ("canary-by-header-pattern", "^v"),
            ("canary-by-cookie", "c"), ("canary-weight", "5"), ("canary-weight-total", "200"));

        Assert.Equal(6, parsed.Diagnostics.Count);
        Assert.All(
            parsed.Diagnostics,
            d => Assert.Equal("ignored: this Ingress is not a canary (canary is not \"true\"), as in ingress-nginx", d.Message));
    }

    [Fact]
    public void A_total_of_exactly_100_is_used_without_a_warning()
    {
        var parsed = Annotated.Parse(("canary", "true"), ("canary-weight", "5"), ("canary-weight-total", "100"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(100, parsed.Result.Canary!.WeightTotal);
    }

    [Fact]
    public void The_warning_for_a_total_below_100_says_what_is_drawn()
    {
        var parsed = Annotated.Parse(("canary", "true"), ("canary-weight-total", "99"));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(Annotated.Field("canary-weight-total"), warning.Field);
        Assert.Equal("is below 100; ingress-nginx ignores it and draws from 1..100, and so does IngressCore", warning.Message);
    }

    [Theory]
    [InlineData("canary-by-header", "X Canary", "is not a header or cookie name; use letters, digits and - . _ ~")]
    [InlineData("canary-by-cookie", "a=b", "is not a header or cookie name; use letters, digits and - . _ ~")]
    [InlineData("canary-by-header-value", "a,b", "may only contain letters, digits and - . _ ~ / :")]
    [InlineData("canary-by-header-pattern", "a,b", "has the character ','; a pattern may use letters, digits, - . _ ~ / : and ^$[](){}*+?|&=\\")]
    [InlineData("canary-by-header-pattern", "a b", "has the character ' '; a pattern may use letters")]
    public void Invalid_canary_values_are_refused_with_their_reason(string name, string value, string reason)
    {
        var annotations = new Dictionary<string, string> { ["canary"] = "true", ["canary-by-header"] = "X" };
        annotations[name] = value;

        var parsed = Annotated.Parse([.. annotations.Select(a => (a.Key, a.Value))]);

        var error = parsed.SingleErrorOn(name);
        Assert.StartsWith($"'{value}' {reason}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_of_1024_characters_is_taken_and_one_of_1025_refused()
    {
        var longest = new string('a', 1024);
        var accepted = Annotated.Parse(("canary", "true"), ("canary-by-header", "X"), ("canary-by-header-pattern", longest));
        var refused = Annotated.Parse(("canary", "true"), ("canary-by-header", "X"), ("canary-by-header-pattern", longest + "a"));

        Assert.Empty(accepted.Diagnostics);
        Assert.Equal(longest, accepted.Result.Canary!.HeaderPatternText);
        var error = refused.SingleErrorOn("canary-by-header-pattern");
        Assert.EndsWith("' is longer than 1024 characters", error.Message, StringComparison.Ordinal);
        Assert.True(refused.Result.HasErrors);
    }
}
