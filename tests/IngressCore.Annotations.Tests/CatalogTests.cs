using IngressCore.Annotations.Tests.Support;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>Snippets, unsupported and unknown annotations, the prefix, and the diagnostics' shape.</summary>
public sealed class CatalogTests
{
    [Theory]
    [InlineData("configuration-snippet")]
    [InlineData("server-snippet")]
    [InlineData("auth-snippet")]
    [InlineData("stream-snippet")]
    [InlineData("modsecurity-snippet")]
    [InlineData("future-snippet")]
    public void Snippets_are_refused(string name)
    {
        // CVE-2021-25742, CVE-2023-5043: raw nginx configuration.
        var parsed = Annotated.Parse((name, "more_set_headers \"X: y\";"));

        var error = parsed.SingleErrorOn(name);
        Assert.Contains("snippet", error.Message, StringComparison.Ordinal);
        Assert.True(parsed.Result.HasErrors);
    }

    [Fact]
    public void Digest_authentication_is_refused_by_default()
    {
        // The one access control IngressCore does not enforce: HTTP Digest (an extra nginx module in ingress-nginx).
        (string, string)[] digest = [("auth-type", "digest"), ("auth-secret", "users")];
        var refused = Annotated.Parse(digest);
        var allowed = Annotated.ParseWith(IngressAnnotationOptions.Default with { RefuseUnenforcedAccessControl = false }, digest);

        Assert.True(refused.HasErrorOn("auth-type"));
        Assert.False(allowed.Result.HasErrors);
        Assert.True(allowed.HasWarningOn("auth-type"));
        Assert.Null(allowed.Result.BasicAuth);
        const string Why = "asks for HTTP Digest authentication, which IngressCore does not enforce";
        var error = Assert.Single(refused.Errors);
        Assert.StartsWith(Why, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; the Ingress is refused rather than served without it (IngressAnnotationOptions.RefuseUnenforcedAccessControl)", error.Message, StringComparison.Ordinal);
        var warning = Assert.Single(allowed.Warnings);
        Assert.StartsWith(Why, warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("; the Ingress is served WITHOUT it, as configured (IngressAnnotationOptions.RefuseUnenforcedAccessControl is off)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unenforced_access_control_is_refused_unless_the_options_say_otherwise()
    {
        Assert.True(new IngressAnnotationOptions().RefuseUnenforcedAccessControl);
        Assert.True(IngressAnnotationOptions.Default.RefuseUnenforcedAccessControl);
    }

    /// <summary>Every annotation of ingress-nginx that IngressCore does not support, with the feature its warning names (docs/annotations.md).</summary>
    [Theory]
    [InlineData("client-body-buffer-size", "request and response buffering")]
    [InlineData("proxy-buffers-number", "request and response buffering")]
    [InlineData("proxy-buffer-size", "request and response buffering")]
    [InlineData("proxy-busy-buffers-size", "request and response buffering")]
    [InlineData("proxy-max-temp-file-size", "request and response buffering")]
    [InlineData("limit-rate", "response bandwidth limits")]
    [InlineData("limit-rate-after", "response bandwidth limits")]
    [InlineData("proxy-cookie-domain", "response rewriting")]
    [InlineData("proxy-cookie-path", "response rewriting")]
    [InlineData("proxy-redirect-from", "response rewriting")]
    [InlineData("proxy-redirect-to", "response rewriting")]
    [InlineData("proxy-http-version", "backend connection settings")]
    [InlineData("connection-proxy-header", "backend connection settings")]
    [InlineData("proxy-ssl-ciphers", "backend TLS cipher lists (OpenSSL syntax)")]
    [InlineData("upstream-hash-by-subset", "consistent-hash subsets")]
    [InlineData("upstream-hash-by-subset-size", "consistent-hash subsets")]
    [InlineData("ssl-ciphers", "TLS settings")]
    [InlineData("ssl-prefer-server-ciphers", "TLS settings")]
    [InlineData("use-port-in-redirects", "redirect details")]
    [InlineData("enable-access-log", "logging and tracing")]
    [InlineData("enable-rewrite-log", "logging and tracing")]
    [InlineData("enable-opentelemetry", "logging and tracing")]
    [InlineData("opentelemetry-operation-name", "logging and tracing")]
    [InlineData("opentelemetry-trust-incoming-span", "logging and tracing")]
    [InlineData("enable-modsecurity", "ModSecurity")]
    [InlineData("enable-owasp-core-rules", "ModSecurity")]
    [InlineData("modsecurity-transaction-id", "ModSecurity")]
    [InlineData("mirror-host", "request mirroring")]
    [InlineData("mirror-request-body", "request mirroring")]
    [InlineData("mirror-target", "request mirroring")]
    [InlineData("fastcgi-index", "FastCGI")]
    [InlineData("fastcgi-params-configmap", "FastCGI")]
    [InlineData("http2-push-preload", "HTTP/2 server push")]
    public void Unsupported_annotations_are_warnings_that_name_them_and_their_feature(string name, string feature)
    {
        var parsed = Annotated.Parse((name, "on"));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(Annotated.Field(name), warning.Field);
        Assert.Equal($"not supported by IngressCore ({feature}); ignored", warning.Message);
    }

    /// <summary>
    /// A canary Ingress honours its traffic rules and the upstream-level settings (docs/annotations.md),
    /// and warns about anything else it carries; each is given a value it accepts.
    /// </summary>
    [Theory]
    [InlineData("canary-by-header", "X-Canary")]
    [InlineData("canary-by-header-value", "yes")]
    [InlineData("canary-by-header-pattern", "^y")]
    [InlineData("canary-by-cookie", "beta")]
    [InlineData("canary-weight-total", "1000")]
    [InlineData("load-balance", "ewma")]
    [InlineData("upstream-hash-by", "$request_uri")]
    [InlineData("service-upstream", "true")]
    [InlineData("affinity", "cookie")]
    [InlineData("affinity-mode", "persistent")]
    [InlineData("affinity-canary-behavior", "legacy")]
    [InlineData("session-cookie-name", "route")]
    [InlineData("session-cookie-path", "/")]
    [InlineData("session-cookie-domain", "example.com")]
    [InlineData("session-cookie-samesite", "Lax")]
    [InlineData("session-cookie-secure", "true")]
    [InlineData("session-cookie-conditional-samesite-none", "true")]
    [InlineData("session-cookie-change-on-failure", "true")]
    [InlineData("session-cookie-expires", "3600")]
    [InlineData("session-cookie-max-age", "3600")]
    [InlineData("proxy-read-timeout", "30")]
    [InlineData("rewrite-target", "/")]
    [InlineData("enable-cors", "true")]
    public void A_canary_honours_its_traffic_rules_and_upstream_settings_only(string name, string value)
    {
        string[] honoured =
        [
            "canary-by-header", "canary-by-header-value", "canary-by-header-pattern", "canary-by-cookie", "canary-weight-total",
            "load-balance", "upstream-hash-by", "service-upstream", "affinity", "affinity-mode", "affinity-canary-behavior",
            "session-cookie-name", "session-cookie-path", "session-cookie-domain", "session-cookie-samesite", "session-cookie-secure",
            "session-cookie-conditional-samesite-none", "session-cookie-change-on-failure", "session-cookie-expires", "session-cookie-max-age",
        ];
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["canary"] = "true",
            ["canary-weight"] = "10",
            ["canary-by-header"] = "X-Canary",
            ["affinity"] = "cookie",
            [name] = value,
        };
        var parsed = Annotated.Parse([.. annotations.Select(a => (a.Key, a.Value))]);

        var ignored = parsed.Warnings.Where(w => w.Message.StartsWith("ignored on a canary Ingress", StringComparison.Ordinal)).Select(w => w.Field);
        Assert.False(parsed.Result.HasErrors, parsed.ToString());
        Assert.Equal(honoured.Contains(name) ? [] : [Annotated.Field(name)], ignored);
    }

    [Fact]
    public void Unknown_annotations_are_warnings()
    {
        var parsed = Annotated.Parse(("rewrite-targets", "/"), ("secure-backends", "true"));

        Assert.False(parsed.Result.HasErrors);
        Assert.True(parsed.HasWarningOn("rewrite-targets"));
        Assert.True(parsed.HasWarningOn("secure-backends"));
    }

    [Fact]
    public void An_unknown_annotation_s_warning_says_it_is_ignored()
    {
        var warning = Assert.Single(Annotated.Parse(("rewrite-targets", "/")).Diagnostics);

        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("is not an ingress-nginx annotation IngressCore knows; ignored", warning.Message);
    }

    [Fact]
    public void Enable_global_auth_true_is_warned_about_and_false_is_not()
    {
        var on = Annotated.Parse(("enable-global-auth", "true"));
        var off = Annotated.Parse(("enable-global-auth", "false"));

        var warning = Assert.Single(on.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(Annotated.Field("enable-global-auth"), warning.Field);
        Assert.StartsWith("has no effect: IngressCore has no global external authentication", warning.Message, StringComparison.Ordinal);
        Assert.Empty(off.Diagnostics);
    }

    [Fact]
    public void A_key_that_is_the_prefix_alone_is_no_annotation()
    {
        var parsed = Annotated.ParseRaw(IngressAnnotationOptions.Default, (IngressAnnotationOptions.DefaultPrefix, "x"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Same(IngressAnnotations.None, parsed.Result);
    }

    [Fact]
    public void A_null_value_is_read_as_empty()
    {
        // An IngressDefinition built in code by a caller that ignores nullability may hold a null value; it is read as "", as the Kubernetes converter maps one.
        var parsed = Annotated.ParseRaw(IngressAnnotationOptions.Default, (IngressAnnotationOptions.DefaultPrefix + "rewrite-target", null!));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.StartsWith("the value is empty", warning.Message, StringComparison.Ordinal);
        Assert.Null(parsed.Result.RewriteTarget);
    }

    [Fact]
    public void Ignored_annotations_still_may_not_carry_control_characters()
    {
        var parsed = Annotated.Parse(("proxy-buffer-size", "on\nproxy_pass http://evil;"));

        Assert.True(parsed.HasErrorOn("proxy-buffer-size"));
    }

    [Fact]
    public void Annotations_outside_the_prefix_are_not_read()
    {
        var parsed = Annotated.ParseRaw(
            IngressAnnotationOptions.Default,
            ("kubectl.kubernetes.io/last-applied-configuration", "{\"a\":\n\"b\"}"),
            ("kubernetes.io/ingress.class", "nginx"),
            ("nginx.ingress.kubernetes.io", "x"),
            ("other.example.com/rewrite-target", "/$host"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Same(IngressAnnotations.None, parsed.Result);
    }

    [Fact]
    public void The_prefix_is_configurable()
    {
        var options = new IngressAnnotationOptions { Prefix = "ingress.example.com/" };
        var parsed = Annotated.ParseRaw(
            options,
            ("ingress.example.com/rewrite-target", "/$1"),
            ("nginx.ingress.kubernetes.io/rewrite-target", "/$host"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal("/$1", parsed.Result.RewriteTarget!.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nginx.ingress.kubernetes.io")]
    public void A_prefix_must_end_with_a_slash(string prefix) =>
        Assert.ThrowsAny<ArgumentException>(() => new IngressAnnotationOptions { Prefix = prefix });

    [Fact]
    public void A_prefix_is_more_than_a_slash_and_not_null()
    {
        Assert.Throws<ArgumentException>(() => new IngressAnnotationOptions { Prefix = "/" });
        Assert.Throws<ArgumentNullException>(() => new IngressAnnotationOptions { Prefix = null! });
        Assert.Equal("a/", new IngressAnnotationOptions { Prefix = "a/" }.Prefix);
    }

    [Fact]
    public void A_prefix_without_a_slash_is_refused_with_an_example()
    {
        var e = Assert.Throws<ArgumentException>(() => new IngressAnnotationOptions { Prefix = "nginx.ingress.kubernetes.io" });

        Assert.StartsWith("The annotation prefix must end with '/', as in 'nginx.ingress.kubernetes.io/'.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnostics_name_the_object_field_and_source_line()
    {
        var ingress = new IngressDefinition
        {
            Namespace = "shop",
            Name = "web",
            Annotations = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/proxy-body-size"] = "10MB" },
            Source = new ManifestSource(
                "shop.yaml", 1, new Dictionary<string, int> { ["metadata.annotations[nginx.ingress.kubernetes.io/proxy-body-size]"] = 7 }),
        };
        var diagnostics = new List<IngressDiagnostic>();

        var result = IngressAnnotations.Parse(ingress, diagnostics);

        Assert.True(result.HasErrors);
        var error = Assert.Single(diagnostics);
        Assert.Equal(
            "shop.yaml:7: shop/web: metadata.annotations[nginx.ingress.kubernetes.io/proxy-body-size]: error: " +
            "'10MB' is not a whole number written in ASCII digits (no units or other characters are allowed); " +
            "a size is digits optionally followed by k, m or g (as in 8m)",
            error.ToString());
    }

    [Fact]
    public void Hostile_names_are_escaped_in_the_field()
    {
        var parsed = Annotated.ParseRaw(IngressAnnotationOptions.Default, ("nginx.ingress.kubernetes.io/x\u001b[2Jy", "1"));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.DoesNotContain('\u001b', warning.Field);
    }

    [Fact]
    public void Values_in_messages_are_escaped_and_cut()
    {
        var parsed = Annotated.Parse(("limit-rps", "1\u202e" + new string('9', 500)));

        var error = Assert.Single(parsed.Errors);
        Assert.DoesNotContain('\u202e', error.Message);
        Assert.True(error.Message.Length < 300);
    }
}
