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
}
