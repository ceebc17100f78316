using IngressCore.Annotations.Tests.Support;
using IngressCore.Diagnostics;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// app-root, permanent-redirect(-code), temporal-redirect(-code), from-to-www-redirect. Cases from
/// kubernetes/ingress-nginx test/e2e/annotations/approot.go, redirect.go, fromtowwwredirect.go,
/// internal/ingress/annotations/redirect/redirect_test.go and traefik/ingress-nginx-migration
/// e2e/approot_suite_test.go.
/// </summary>
public sealed class RedirectTests
{
    [Theory]
    [InlineData("/foo", "/foo", false)]                          // approot.go "should redirect to /foo"
    [InlineData("/login$is_args$args", "/login", true)]          // migration approot_suite_test.go
    [InlineData("/app1/index:x", "/app1/index:x", false)]
    public void App_root_is_a_path(string value, string path, bool appendQuery)
    {
        var parsed = Annotated.Parse(("app-root", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(path, parsed.Result.AppRoot!.Path);
        Assert.Equal(appendQuery, parsed.Result.AppRoot.AppendQueryString);
        Assert.Equal(value, parsed.Result.AppRoot.ToString());
    }

    [Theory]
    [InlineData("http://example.com/foo")]     // ingress-nginx ignores absolute URLs here
    [InlineData("foo")]
    [InlineData("//evil.example/")]
    [InlineData("/")]                          // a redirect from / to / forever
    [InlineData("/$is_args$args")]
    [InlineData("/a$args")]
    [InlineData("/a$host")]
    [InlineData("/a?x=1")]
    [InlineData("/a b")]
    public void Other_app_roots_are_errors(string value) =>
        Assert.True(Annotated.Parse(("app-root", value)).HasErrorOn("app-root"));

    [Theory]
    [InlineData("/a$host", "uses an nginx variable; only a trailing $is_args$args (append the query string) is supported")]
    [InlineData("/$is_args$args", "would redirect '/' to itself, forever")]
    [InlineData("foo", "must be a path starting with a single '/' (ingress-nginx ignores absolute URLs here)")]
    [InlineData("//evil.example/", "must be a path starting with a single '/' (ingress-nginx ignores absolute URLs here)")]
    [InlineData("/a b", "may only contain letters, digits and - . _ ~ / :")]
    [InlineData("/", "would redirect '/' to itself, forever")]
    public void App_root_refusals_say_why(string value, string reason)
    {
        var error = Annotated.Parse(("app-root", value)).SingleErrorOn("app-root");

        Assert.Equal($"'{value}' {reason}", error.Message);
    }

    [Theory]
    [InlineData("http://redirect.example.com", null, 301)]                    // redirect.go "standard redirect code"
    [InlineData("http://redirect.example.com", "308", 308)]                   // redirect.go "custom redirect code"
    [InlineData("https://www.google.com", "300", 300)]
    [InlineData("/new-location", null, 301)]                                  // permanent redirects may be paths
    [InlineData("https://example.com/a?x=1&y=2,3", null, 301)]
    [InlineData("https://example.com:8443", null, 301)]
    public void Permanent_redirects(string url, string? code, int expected)
    {
        var annotations = new List<(string, string)> { ("permanent-redirect", url) };
        if (code is not null)
        {
            annotations.Add(("permanent-redirect-code", code));
        }

        var parsed = Annotated.Parse([.. annotations]);

        Assert.Empty(parsed.Diagnostics);
        var redirect = parsed.Result.Redirect!;
        Assert.Equal(url, redirect.Location);
        Assert.Equal(expected, redirect.StatusCode);
        Assert.True(redirect.IsPermanent);
        Assert.Equal(url[0] == '/', redirect.IsRelative);
    }

    [Fact]
    public void Temporal_wins_over_permanent_with_a_warning()
    {
        var parsed = Annotated.Parse(
            ("temporal-redirect", "https://a.example.com"), ("permanent-redirect", "https://b.example.com"));

        Assert.False(parsed.Result.HasErrors);
        Assert.Equal("https://a.example.com", parsed.Result.Redirect!.Location);
        Assert.Equal(302, parsed.Result.Redirect.StatusCode);
        Assert.False(parsed.Result.Redirect.IsPermanent);
        Assert.True(parsed.HasWarningOn("permanent-redirect"));
    }

    [Theory]
    [InlineData("300")]
    [InlineData("307")]
    public void Temporal_codes_run_from_300_to_307(string code) =>
        Assert.Equal(
            int.Parse(code, System.Globalization.CultureInfo.InvariantCulture),
            Annotated.Parse(("temporal-redirect", "https://x.example"), ("temporal-redirect-code", code)).Result.Redirect!.StatusCode);

    [Theory]
    [InlineData("permanent-redirect-code", "309")]   // ingress-nginx silently uses 301
    [InlineData("permanent-redirect-code", "299")]
    [InlineData("permanent-redirect-code", "200")]
    [InlineData("temporal-redirect-code", "308")]    // ingress-nginx silently uses 302
    [InlineData("temporal-redirect-code", "abc")]
    [InlineData("temporal-redirect-code", "-301")]
    [InlineData("permanent-redirect-code", "301.0")]
    public void Codes_out_of_range_are_errors(string name, string code)
    {
        var parsed = Annotated.Parse(
            ("permanent-redirect", "https://x.example"), ("temporal-redirect", "https://y.example"), (name, code));

        Assert.True(parsed.HasErrorOn(name));
    }

    [Theory]
    [InlineData("permanent-redirect", "https://example.com/a;return 200 x")]  // CVE-2023-5044
    [InlineData("permanent-redirect", "https://example.com/\nx")]
    [InlineData("permanent-redirect", "https://example.com/#frag")]
    [InlineData("permanent-redirect", "https://example.com/%0d%0aSet-Cookie:x")]
    [InlineData("permanent-redirect", "javascript:alert(1)")]
    [InlineData("permanent-redirect", "ftp://example.com/")]
    [InlineData("permanent-redirect", "//evil.example/")]
    [InlineData("permanent-redirect", "https://user@example.com/")]
    [InlineData("permanent-redirect", "https:///path")]
    [InlineData("permanent-redirect", "https://$host/")]
    [InlineData("temporal-redirect", "/relative")]                             // ingress-nginx drops the whole redirect group
    [InlineData("temporal-redirect", "example.com")]
    [InlineData("temporal-redirect", "https://exa_mple..com/")]
    public void Invalid_locations_are_errors(string name, string url) =>
        Assert.True(Annotated.Parse((name, url)).HasErrorOn(name));

    [Fact]
    public void A_code_without_its_url_is_ignored_with_a_warning()
    {
        var parsed = Annotated.Parse(("permanent-redirect-code", "308"));

        Assert.Null(parsed.Result.Redirect);
        Assert.False(parsed.Result.HasErrors);
        Assert.True(parsed.HasWarningOn("permanent-redirect-code"));
    }

    [Theory]
    [InlineData("true", true)]        // fromtowwwredirect.go
    [InlineData("false", false)]
    public void From_to_www_redirect_is_a_boolean(string value, bool expected) =>
        Assert.Equal(expected, Annotated.Parse(("from-to-www-redirect", value)).Result.FromToWwwRedirect);

    [Fact]
    public void An_invalid_from_to_www_redirect_is_an_error() =>
        Assert.True(Annotated.Parse(("from-to-www-redirect", "yes")).HasErrorOn("from-to-www-redirect"));

    [Theory]
    [InlineData("permanent-redirect", "https://example.com/%41", "may only contain letters, digits and - . _ ~ / : , ? & = (ingress-nginx's URL characters)")]
    [InlineData("permanent-redirect", "https://user@example.com/", "may only contain letters, digits and - . _ ~ / : , ? & = (ingress-nginx's URL characters)")]
    [InlineData("temporal-redirect", "/relative", "must be an absolute http:// or https:// URL (ingress-nginx ignores a relative temporal redirect)")]
    [InlineData("permanent-redirect", "//evil.example/", "starts with '//', which browsers read as another host; write the scheme")]
    [InlineData("permanent-redirect", "example.com", "must be an absolute http:// or https:// URL or a path starting with '/'")]
    [InlineData("temporal-redirect", "example.com", "must be an absolute http:// or https:// URL")]
    [InlineData("temporal-redirect", "ftp://example.com/", "must be an absolute http:// or https:// URL")]
    [InlineData("permanent-redirect", "https:///path", "has an empty host")]
    [InlineData("permanent-redirect", "https://?x=1", "has an empty host")]
    [InlineData("permanent-redirect", "https://example.com:0/", "has an invalid port (1-65535 are allowed)")]
    [InlineData("temporal-redirect", "https://exa..mple.com/", "has a host with an empty or over-long label")]
    public void Invalid_locations_are_refused_with_their_reason(string name, string url, string reason)
    {
        var parsed = Annotated.Parse((name, url));

        var error = parsed.SingleErrorOn(name);
        Assert.Equal($"'{url}' {reason}", error.Message);
        Assert.Null(parsed.Result.Redirect);
    }

    [Fact]
    public void The_ignored_permanent_redirect_is_named_in_the_warning()
    {
        var parsed = Annotated.Parse(
            ("temporal-redirect", "https://a.example.com"), ("temporal-redirect-code", "307"), ("permanent-redirect", "https://b.example.com"));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(Annotated.Field("permanent-redirect"), warning.Field);
        Assert.Equal("ignored: temporal-redirect is also set and takes precedence, as in ingress-nginx", warning.Message);
        Assert.Equal("307 https://a.example.com", parsed.Result.Redirect!.ToString());
    }

    [Theory]
    [InlineData("temporal-redirect-code", "307", "ignored: temporal-redirect is not set")]
    [InlineData("permanent-redirect-code", "308", "ignored: permanent-redirect is not set")]
    public void A_code_alone_is_ignored_with_a_warning_that_names_its_url(string name, string code, string message)
    {
        var parsed = Annotated.Parse((name, code));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(Annotated.Field(name), warning.Field);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(message, warning.Message);
        Assert.Null(parsed.Result.Redirect);
    }

    [Fact]
    public void A_temporal_code_beside_a_permanent_redirect_is_ignored_with_a_warning()
    {
        var parsed = Annotated.Parse(("permanent-redirect", "/moved"), ("temporal-redirect-code", "307"));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(Annotated.Field("temporal-redirect-code"), warning.Field);
        Assert.Equal("ignored: temporal-redirect is not set", warning.Message);
        Assert.Equal("301 /moved", parsed.Result.Redirect!.ToString());
    }

    [Fact]
    public void A_code_whose_url_is_refused_adds_no_warning()
    {
        var parsed = Annotated.Parse(("temporal-redirect", "/relative"), ("temporal-redirect-code", "307"));

        Assert.Single(parsed.Diagnostics);
        Assert.True(parsed.HasErrorOn("temporal-redirect"));
    }
}
