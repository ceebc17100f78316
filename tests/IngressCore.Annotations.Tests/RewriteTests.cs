using IngressCore.Annotations.Tests.Support;
using IngressCore.Diagnostics;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// rewrite-target, use-regex, x-forwarded-prefix. Valid values from kubernetes/ingress-nginx
/// test/e2e/annotations/rewrite.go, test/e2e/annotations/xforwardedprefix.go,
/// docs/examples/rewrite/README.md and traefik/ingress-nginx-migration e2e/rewritetarget_suite_test.go;
/// the grammar from internal/ingress/annotations/rewrite/main.go (RegexPathWithCapture).
/// </summary>
public sealed class RewriteTests
{
    [Theory]
    [InlineData("/", false)]                                // rewrite.go "should write rewrite logs"
    [InlineData("/new/backend", false)]                     // rewrite.go "should use correct longest path match"
    [InlineData("/new/backend/$1", false)]                  // rewrite.go "should allow for custom rewrite parameters"
    [InlineData("/$2", false)]                              // docs/examples/rewrite: /something(/|$)(.*)
    [InlineData("/foo", false)]                             // xforwardedprefix.go
    [InlineData("$1", false)]                               // a capture that carries its own '/'
    [InlineData("/a:b~c_d-e.f", false)]
    [InlineData("https://example.com/$1", true)]            // migration rewritetarget_suite_test.go TestFullPathRewrite*
    [InlineData("http://example.com:8080/new/$2", true)]
    [InlineData("https://example.com", true)]
    [InlineData("/$9", false)]                              // the highest capture nginx's $n takes
    [InlineData("$9/x", false)]
    public void Valid_targets_are_parsed(string value, bool isRedirect)
    {
        var parsed = Annotated.Parse(("rewrite-target", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(value, parsed.Result.RewriteTarget!.Value);
        Assert.Equal(isRedirect, parsed.Result.RewriteTarget.IsRedirect);
    }

    [Fact]
    public void The_template_is_literal_and_capture_parts()
    {
        var template = Annotated.Parse(("rewrite-target", "/new/$1/x$2$10")).Result.RewriteTarget!.Template;

        Assert.Equal<RewriteTemplatePart>(
            [
                new RewriteTemplatePart(RewriteTemplatePartKind.Literal, "/new/", 0),
                new RewriteTemplatePart(RewriteTemplatePartKind.Capture, "", 1),
                new RewriteTemplatePart(RewriteTemplatePartKind.Literal, "/x", 0),
                new RewriteTemplatePart(RewriteTemplatePartKind.Capture, "", 2),
                new RewriteTemplatePart(RewriteTemplatePartKind.Capture, "", 1), // $10 is $1 then '0', as in nginx
                new RewriteTemplatePart(RewriteTemplatePartKind.Literal, "0", 0),
            ],
            template.Parts.ToArray());
        Assert.Equal(2, template.HighestGroup);
        Assert.True(template.HasCaptures);
    }

    [Fact]
    public void A_target_ending_in_a_capture_has_no_empty_literal_after_it()
    {
        var template = Annotated.Parse(("rewrite-target", "/$1")).Result.RewriteTarget!.Template;

        Assert.Equal<RewriteTemplatePart>(
            [new RewriteTemplatePart(RewriteTemplatePartKind.Literal, "/", 0), new RewriteTemplatePart(RewriteTemplatePartKind.Capture, "", 1)],
            template.Parts.ToArray());
    }

    [Theory]
    [InlineData("http:///x", "'http:///x' has an empty host")]
    [InlineData("https://:8443/x", "'https://:8443/x' has an empty host")]
    [InlineData("$scheme://example.com/", "'$scheme://example.com/' starts with the nginx variable $scheme; write http:// or https:// (IngressCore expands no nginx variables)")]
    public void A_redirect_target_s_refusal_says_why(string value, string message) =>
        Assert.Equal(message, Assert.Single(Annotated.Parse(("rewrite-target", value)).Errors).Message);

    [Fact]
    public void A_boolean_refusal_lists_the_forms_go_takes()
    {
        var error = Assert.Single(Annotated.Parse(("use-regex", "yes")).Errors);

        Assert.Equal("'yes' is not a boolean; use one of true, false, 1, 0, t, f, T, F, TRUE, FALSE, True or False", error.Message);
    }

    [Fact]
    public void An_empty_value_s_warning_says_it_is_ignored_as_in_ingress_nginx()
    {
        var warning = Assert.Single(Annotated.Parse(("x-forwarded-prefix", "")).Diagnostics);

        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("the value is empty; the annotation is ignored, as ingress-nginx does", warning.Message);
    }

    [Fact]
    public void A_value_of_exactly_the_length_cap_still_passes_the_injection_screen()
    {
        var value = "/" + new string('a', AnnotationText.MaxLength - 2) + ";";

        var error = Assert.Single(Annotated.Parse(("rewrite-target", value)).Errors);

        Assert.StartsWith("the value contains ';'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_without_captures_is_one_literal()
    {
        var template = Annotated.Parse(("rewrite-target", "/new/backend")).Result.RewriteTarget!.Template;

        Assert.False(template.HasCaptures);
        Assert.Equal<RewriteTemplatePart>([new RewriteTemplatePart(RewriteTemplatePartKind.Literal, "/new/backend", 0)], template.Parts.ToArray());
    }

    [Theory]
    [InlineData("/$host", "nginx variable '$host'")]                 // CVE-2026-3288: variables are an injection surface
    [InlineData("/x/${1}", "'{'")]
    [InlineData("$scheme://example.com/", "$scheme")]
    [InlineData("/$0", "uses $0; only the capture groups $1 to $9 are supported")]
    [InlineData("/$request_uri", "uses the nginx variable '$request_uri'")]
    [InlineData("/$abcdefghijklmnopqrstuvwxyz0123456789", "'$abcdefghijklmnopqrstuvwxyz012345'")] // the name shown is cut at 32 characters
    [InlineData("$", "must start with '/'")]
    [InlineData("$a/x", "must start with '/'")]
    [InlineData("a1/x", "must start with '/'")]
    [InlineData("https://:99999/", "invalid port")]
    [InlineData("/a$", "ends with '$'")]
    [InlineData("https://$1/x", "host")]                              // the request would pick the redirect's host
    [InlineData("https://$1.evil.example/", "host")]
    [InlineData("https://exa mple.com/", "host")]
    [InlineData("https://example.com:0/", "port")]
    [InlineData("foo/bar", "must start with '/'")]
    [InlineData("HTTP://example.com/", "must start with '/'")]        // nginx's redirect test is case-sensitive
    [InlineData("/foo?x=1", "'?'")]                                   // RegexPathWithCapture has no '?'
    [InlineData("/a b", "' '")]
    [InlineData("/a;rewrite ^ /x", "';'")]
    [InlineData("/a}", "'}'")]
    [InlineData("/a%0a", "'%'")]
    public void Invalid_targets_refuse_the_ingress(string value, string reason)
    {
        var parsed = Annotated.Parse(("rewrite-target", value));

        Assert.True(parsed.Result.HasErrors);
        var error = parsed.SingleErrorOn("rewrite-target");
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Null(parsed.Result.RewriteTarget);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("FALSE", false)]
    [InlineData("False", false)]
    public void Booleans_take_exactly_go_strconv_ParseBool_forms(string value, bool expected)
    {
        var parsed = Annotated.Parse(("use-regex", value), ("ssl-redirect", value), ("force-ssl-redirect", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(expected, parsed.Result.UseRegex);
        Assert.Equal(expected, parsed.Result.SslRedirect);
        Assert.Equal(expected, parsed.Result.ForceSslRedirect);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("tRUE")]
    [InlineData("true ")]       // strconv.ParseBool trims nothing
    [InlineData(" false")]
    [InlineData("2")]
    [InlineData("y")]
    public void Other_booleans_are_errors(string value)
    {
        // ingress-nginx silently uses the default for these; a typo that silently drops an HTTPS
        // redirect or turns regex mode off is refused instead.
        var parsed = Annotated.Parse(("use-regex", value), ("force-ssl-redirect", value), ("preserve-trailing-slash", value));

        Assert.True(parsed.HasErrorOn("use-regex"));
        Assert.True(parsed.HasErrorOn("force-ssl-redirect"));
        Assert.True(parsed.HasErrorOn("preserve-trailing-slash"));
        Assert.Null(parsed.Result.ForceSslRedirect);
    }

    [Fact]
    public void An_empty_value_is_absent_with_a_warning()
    {
        // xforwardedprefix.go "should not add X-Forwarded-Prefix if the annotation value is empty".
        var parsed = Annotated.Parse(("x-forwarded-prefix", ""), ("rewrite-target", "/foo"));

        Assert.Null(parsed.Result.XForwardedPrefix);
        Assert.False(parsed.Result.HasErrors);
        Assert.True(parsed.HasWarningOn("x-forwarded-prefix"));
    }

    [Theory]
    [InlineData("/test/value")]                 // xforwardedprefix.go
    [InlineData("/api/$1")]
    [InlineData("api")]
    public void X_forwarded_prefix_is_a_template(string value)
    {
        var parsed = Annotated.Parse(("x-forwarded-prefix", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(value, parsed.Result.XForwardedPrefix!.Text);
    }

    [Theory]
    [InlineData("/a b")]                        // ingress-nginx checks it without spaces but sends them
    [InlineData("/a$host")]
    [InlineData("/a?b")]
    [InlineData("/a,b")]
    public void X_forwarded_prefix_refuses_what_it_would_send_unchecked(string value) =>
        Assert.True(Annotated.Parse(("x-forwarded-prefix", value)).HasErrorOn("x-forwarded-prefix"));
}
