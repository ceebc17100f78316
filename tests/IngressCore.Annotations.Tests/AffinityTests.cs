using IngressCore.Annotations.Tests.Support;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// affinity and session-cookie-*. Cases from kubernetes/ingress-nginx test/e2e/annotations/affinity.go,
/// affinitymode.go and internal/ingress/annotations/sessionaffinity/main_test.go.
/// </summary>
public sealed class AffinityTests
{
    [Fact]
    public void Cookie_affinity_with_defaults()
    {
        var affinity = Annotated.Parse(("affinity", "cookie")).Result.Affinity!;

        Assert.Equal(AffinityMode.Balanced, affinity.Mode);
        Assert.Equal("INGRESSCOOKIE", affinity.CookieName);
        Assert.Null(affinity.CookiePath);
        Assert.Null(affinity.SameSite);
        Assert.False(affinity.Secure);
        Assert.False(affinity.ConditionalSameSiteNone);
        Assert.False(affinity.ChangeOnFailure);
    }

    [Fact]
    public void Every_setting()
    {
        var parsed = Annotated.Parse(
            ("affinity", "cookie"), ("affinity-mode", "persistent"), ("session-cookie-name", "SERVERID"),
            ("session-cookie-path", "/foo/bar"), ("session-cookie-domain", ".foo.com"), ("session-cookie-samesite", "none"),
            ("session-cookie-conditional-samesite-none", "true"), ("session-cookie-secure", "true"),
            ("session-cookie-change-on-failure", "true"), ("session-cookie-expires", "172800"), ("session-cookie-max-age", "259200"),
            ("affinity-canary-behavior", "legacy"));

        // Valid and applied by the forwarder (IngressCore.Proxy): nothing to report.
        Assert.Empty(parsed.Diagnostics);
        var affinity = parsed.Result.Affinity!;
        Assert.Equal(AffinityMode.Persistent, affinity.Mode);
        Assert.Equal("SERVERID", affinity.CookieName);
        Assert.Equal("/foo/bar", affinity.CookiePath);
        Assert.Equal(".foo.com", affinity.CookieDomain);
        Assert.Equal(CookieSameSite.None, affinity.SameSite);
        Assert.True(affinity.ConditionalSameSiteNone);
        Assert.True(affinity.Secure);
        Assert.True(affinity.ChangeOnFailure);
        Assert.Equal(172800, affinity.ExpiresSeconds);
        Assert.Equal(259200, affinity.MaxAgeSeconds);
        Assert.Equal(AffinityCanaryBehavior.Legacy, parsed.Result.AffinityCanaryBehavior);
    }

    [Theory]
    [InlineData("affinity", "ip")]
    [InlineData("affinity", "Cookie")]
    [InlineData("affinity-mode", "sticky")]
    [InlineData("affinity-canary-behavior", "always")]
    [InlineData("session-cookie-name", "a=b")]
    [InlineData("session-cookie-path", "foo")]
    [InlineData("session-cookie-path", "/a;b")]
    [InlineData("session-cookie-domain", "foo..com")]
    [InlineData("session-cookie-samesite", "Relaxed")]
    [InlineData("session-cookie-expires", "-1")]          // ingress-nginx's regex takes negatives
    [InlineData("session-cookie-max-age", "1h")]
    [InlineData("session-cookie-secure", "yes")]
    public void Invalid_settings_are_errors(string name, string value)
    {
        var annotations = new Dictionary<string, string> { ["affinity"] = "cookie" };
        annotations[name] = value;

        Assert.True(Annotated.Parse([.. annotations.Select(a => (a.Key, a.Value))]).HasErrorOn(name));
    }

    [Fact]
    public void Cookie_settings_without_affinity_are_ignored_with_warnings()
    {
        var parsed = Annotated.Parse(("session-cookie-name", "route"));

        Assert.Null(parsed.Result.Affinity);
        Assert.True(parsed.HasWarningOn("session-cookie-name"));
    }

    [Theory]
    [InlineData("balanced", nameof(AffinityMode.Balanced))]
    [InlineData("persistent", nameof(AffinityMode.Persistent))]
    public void Affinity_modes(string value, string expected)
    {
        var parsed = Annotated.Parse(("affinity", "cookie"), ("affinity-mode", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(Enum.Parse<AffinityMode>(expected), parsed.Result.Affinity!.Mode);
    }

    [Theory]
    [InlineData("sticky", nameof(AffinityCanaryBehavior.Sticky))]
    [InlineData("legacy", nameof(AffinityCanaryBehavior.Legacy))]
    public void Affinity_canary_behaviours(string value, string expected)
    {
        var parsed = Annotated.Parse(("affinity", "cookie"), ("affinity-canary-behavior", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(Enum.Parse<AffinityCanaryBehavior>(expected), parsed.Result.AffinityCanaryBehavior);
    }

    [Theory]
    [InlineData("None", nameof(CookieSameSite.None))]
    [InlineData("lax", nameof(CookieSameSite.Lax))]
    [InlineData("Strict", nameof(CookieSameSite.Strict))]
    [InlineData("STRICT", nameof(CookieSameSite.Strict))]
    public void SameSite_modes_in_any_case(string value, string expected)
    {
        var parsed = Annotated.Parse(("affinity", "cookie"), ("session-cookie-samesite", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(Enum.Parse<CookieSameSite>(expected), parsed.Result.Affinity!.SameSite);
    }

    [Theory]
    [InlineData("affinity", "ip", "is not an affinity type; the only one is 'cookie'")]
    [InlineData("affinity-mode", "sticky", "is not an affinity mode; use balanced or persistent")]
    [InlineData("affinity-canary-behavior", "always", "is not a canary behaviour; use sticky or legacy")]
    [InlineData("session-cookie-name", "a=b", "is not a cookie name; use letters, digits and - . _ ~")]
    [InlineData("session-cookie-path", "foo", "must be a path: '/' followed by letters, digits and - . _ ~ / :")]
    [InlineData("session-cookie-path", "/a,b", "must be a path: '/' followed by letters, digits and - . _ ~ / :")]
    [InlineData("session-cookie-samesite", "Relaxed", "is not a SameSite mode; use None, Lax or Strict")]
    [InlineData("session-cookie-domain", "-foo.com", "has a host label that starts or ends with '-'")]   // only a leading '.' is skipped
    [InlineData("session-cookie-domain", "..foo.com", "has a host with an empty or over-long label")]
    public void Invalid_settings_are_refused_with_their_reason(string name, string value, string reason)
    {
        var annotations = new Dictionary<string, string> { ["affinity"] = "cookie" };
        annotations[name] = value;

        var parsed = Annotated.Parse([.. annotations.Select(a => (a.Key, a.Value))]);

        var error = parsed.SingleErrorOn(name);
        Assert.Equal($"'{value}' {reason}", error.Message);
    }

    [Fact]
    public void A_domain_with_a_leading_dot_is_taken()
    {
        var parsed = Annotated.Parse(("affinity", "cookie"), ("session-cookie-domain", ".foo.com"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(".foo.com", parsed.Result.Affinity!.CookieDomain);
    }

    [Fact]
    public void Each_cookie_setting_without_affinity_is_named_in_a_warning()
    {
        var parsed = Annotated.Parse(("session-cookie-name", "route"), ("affinity-mode", "persistent"), ("session-cookie-max-age", "60"));

        Assert.Equal(3, parsed.Diagnostics.Count);
        Assert.All(parsed.Diagnostics, d => Assert.Equal("ignored: affinity is not set to \"cookie\"", d.Message));
    }

    [Theory]
    [InlineData("ip")]            // refused by its grammar: the error says it all
    [InlineData("cookie;")]       // refused by the screen
    [InlineData("")]              // empty: warned about once
    public void Cookie_settings_beside_a_refused_or_empty_affinity_are_not_warned_about(string affinity)
    {
        var parsed = Annotated.Parse(("affinity", affinity), ("session-cookie-name", "route"));

        Assert.Null(parsed.Result.Affinity);
        Assert.False(parsed.HasWarningOn("session-cookie-name"));
        Assert.Single(parsed.Diagnostics);
    }
}
