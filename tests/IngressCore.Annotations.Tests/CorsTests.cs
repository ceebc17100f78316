using IngressCore.Annotations.Tests.Support;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// enable-cors and cors-*. Cases from kubernetes/ingress-nginx test/e2e/annotations/cors.go and
/// internal/ingress/annotations/cors/main_test.go; grammars from cors/main.go.
/// </summary>
public sealed class CorsTests
{
    [Fact]
    public void Enable_cors_alone_gives_ingress_nginx_defaults()
    {
        // cors.go "should enable cors".
        var parsed = Annotated.Parse(("enable-cors", "true"));

        Assert.Empty(parsed.Diagnostics);
        var cors = parsed.Result.Cors!;
        Assert.True(cors.Enabled);
        Assert.True(cors.AllowsAnyOrigin);
        Assert.Empty(cors.AllowedOrigins);
        Assert.Equal(["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"], cors.AllowedMethods);
        Assert.Equal(
            ["DNT", "Keep-Alive", "User-Agent", "X-Requested-With", "If-Modified-Since", "Cache-Control", "Content-Type", "Range", "Authorization"],
            cors.AllowedHeaders);
        Assert.Empty(cors.ExposedHeaders);
        Assert.True(cors.AllowCredentials);
        Assert.Equal(1728000, cors.MaxAgeSeconds);
    }

    [Fact]
    public void Each_setting_from_the_e2e_suite()
    {
        var cors = Annotated.Parse(
            ("enable-cors", "true"),
            ("cors-allow-methods", "POST, GET"),                                        // "only allow POST, GET"
            ("cors-max-age", "200"),                                                    // "should set cors max-age"
            ("cors-allow-credentials", "false"),                                        // "should disable cors allow credentials"
            ("cors-allow-headers", "DNT, User-Agent"),                                  // "should allow headers for cors"
            ("cors-expose-headers", "X-CustomResponseHeader, X-CustomSecondHeader"))    // "should expose headers for cors"
            .Result.Cors!;

        Assert.Equal(["POST", "GET"], cors.AllowedMethods);
        Assert.Equal(200, cors.MaxAgeSeconds);
        Assert.False(cors.AllowCredentials);
        Assert.Equal(["DNT", "User-Agent"], cors.AllowedHeaders);
        Assert.Equal(["X-CustomResponseHeader", "X-CustomSecondHeader"], cors.ExposedHeaders);
    }

    [Fact]
    public void Origins_are_parsed_into_scheme_host_and_port()
    {
        // cors.go "should allow - single origin for multiple cors values".
        var cors = Annotated.Parse(
            ("enable-cors", "true"),
            ("cors-allow-origin", "https://origin.cors.com:8080, https://origin2.cors.com, http://*.bar.foo:8080, null, tauri://localhost"))
            .Result.Cors!;

        Assert.False(cors.AllowsAnyOrigin);
        Assert.Collection(
            cors.AllowedOrigins,
            o => Assert.Equal(("https", "origin.cors.com", (int?)8080, false), (o.Scheme, o.Host, o.Port, o.IsWildcardSubdomain)),
            o => Assert.Equal(("https", "origin2.cors.com", (int?)null, false), (o.Scheme, o.Host, o.Port, o.IsWildcardSubdomain)),
            o => Assert.Equal(("http", "bar.foo", (int?)8080, true), (o.Scheme, o.Host, o.Port, o.IsWildcardSubdomain)),
            o => Assert.True(o.IsNullOrigin),
            o => Assert.Equal("tauri", o.Scheme));
    }

    [Theory]
    [InlineData("*", false)]                        // cors.go "should not break functionality"
    [InlineData("https://a.example, *", true)]      // '*' anywhere means any origin, as in ingress-nginx
    [InlineData("*, https://b.example", true)]
    [InlineData(" , ", true)]                       // ingress-nginx: an all-blank list is '*'
    public void A_star_allows_any_origin(string value, bool warned)
    {
        var parsed = Annotated.Parse(("enable-cors", "true"), ("cors-allow-origin", value));

        Assert.False(parsed.Result.HasErrors);
        Assert.True(parsed.Result.Cors!.AllowsAnyOrigin);
        Assert.Empty(parsed.Result.Cors.AllowedOrigins);
        Assert.Equal(warned, parsed.HasWarningOn("cors-allow-origin"));
    }

    [Theory]
    [InlineData("origin.cors.com:8080, https://origin2.cors.com")]    // ingress-nginx skips the entry (cors.go "allow correct origins")
    [InlineData("*, foo.bar.com")]                                    // ingress-nginx falls back to '*' (cors.go "with extra domain")
    [InlineData("HTTPS://example.com")]                               // the scheme must be lower case
    [InlineData("https://example.com/path")]
    [InlineData("https://example.com:0")]
    [InlineData("https://")]
    [InlineData("https://a.*.example.com")]
    [InlineData("https://*example.com")]
    [InlineData("https://exa..mple.com")]
    [InlineData("https://example.com\r\nX-Evil: 1")]
    public void Invalid_origin_entries_are_errors(string value) =>
        Assert.True(Annotated.Parse(("enable-cors", "true"), ("cors-allow-origin", value)).HasErrorOn("cors-allow-origin"));

    [Theory]
    [InlineData("cors-allow-methods", "GET POST")]
    [InlineData("cors-allow-methods", "GET, P0ST")]
    [InlineData("cors-allow-methods", "*")]
    [InlineData("cors-allow-headers", "X-A, X.B")]
    [InlineData("cors-allow-headers", "*")]
    [InlineData("cors-expose-headers", "X-A:1")]
    [InlineData("cors-allow-credentials", "yes")]
    [InlineData("cors-max-age", "-1")]
    [InlineData("cors-max-age", "1d")]
    [InlineData("enable-cors", "on")]
    public void Invalid_settings_are_errors(string name, string value)
    {
        var annotations = new Dictionary<string, string> { ["enable-cors"] = "true" };
        annotations[name] = value;

        Assert.True(Annotated.Parse([.. annotations.Select(a => (a.Key, a.Value))]).HasErrorOn(name));
    }

    [Fact]
    public void A_star_exposes_every_header() =>
        Assert.Equal(["*"], Annotated.Parse(("enable-cors", "true"), ("cors-expose-headers", "*")).Result.Cors!.ExposedHeaders);

    [Fact]
    public void Cors_settings_without_enable_cors_are_ignored_with_a_warning()
    {
        var parsed = Annotated.Parse(("cors-allow-origin", "https://a.example"));

        Assert.False(parsed.Result.Cors!.Enabled);
        Assert.False(parsed.Result.HasErrors);
        Assert.True(parsed.HasWarningOn("cors-allow-origin"));
    }

    [Fact]
    public void No_cors_annotation_gives_no_policy() =>
        Assert.Null(Annotated.Parse(("rewrite-target", "/")).Result.Cors);

    [Fact]
    public void The_null_origin_has_no_scheme_host_port_or_wildcard()
    {
        var origin = Assert.Single(Annotated.Parse(("enable-cors", "true"), ("cors-allow-origin", "null")).Result.Cors!.AllowedOrigins);

        Assert.True(origin.IsNullOrigin);
        Assert.Equal(("null", "", "", (int?)null, false), (origin.Value, origin.Scheme, origin.Host, origin.Port, origin.IsWildcardSubdomain));
        Assert.Equal("null", origin.ToString());
    }

    [Theory]
    [InlineData("://example.com", "must be scheme://host[:port] with a lower-case scheme (as https://example.com), '*' or 'null'")]
    [InlineData("HTTPS://example.com", "must be scheme://host[:port] with a lower-case scheme")]
    [InlineData("https://example.com:0", "has an invalid port (1-65535 are allowed, and nothing may follow it)")]
    [InlineData("https://example.com:65536", "has an invalid port")]
    [InlineData("https://example.com:80/", "has an invalid port")]
    [InlineData("https://:0", "has an invalid port")]                      // the port is read even with no host
    [InlineData("https://:8080", "has an empty host or an empty label in it")]
    [InlineData("https://", "has an empty host or an empty label in it")]
    [InlineData("https://.example.com", "has an empty host or an empty label in it")]
    [InlineData("https://example.com.", "has an empty host or an empty label in it")]
    [InlineData("https://exa..mple.com", "has an empty host or an empty label in it")]
    [InlineData("https://a.*.example.com", "has a '*' that is not the whole first label ('*.' directly after '://')")]
    [InlineData("https://*example.com", "has a '*' that is not the whole first label")]
    [InlineData("https://example.com/path", "has the character '/' in its host; an origin is scheme://host[:port] with no path")]
    [InlineData("https://exa_mple.com", "has the character '_' in its host")]
    public void Invalid_origin_entries_are_refused_with_their_reason(string entry, string reason)
    {
        var parsed = Annotated.Parse(("enable-cors", "true"), ("cors-allow-origin", "https://ok.example, " + entry));

        var error = parsed.SingleErrorOn("cors-allow-origin");
        Assert.Contains($"has the entry '{entry}', which {reason}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.com:65535", 65535)]
    [InlineData("https://example.com:1", 1)]
    public void Origin_ports_run_from_1_to_65535(string entry, int port) =>
        Assert.Equal(port, Assert.Single(Annotated.Parse(("enable-cors", "true"), ("cors-allow-origin", entry)).Result.Cors!.AllowedOrigins).Port);

    [Theory]
    [InlineData("https://a.example, *", "lists '*' among other origins, so every origin is allowed (as in ingress-nginx)")]
    [InlineData(" , ", "lists no origin, so every origin is allowed (as in ingress-nginx)")]
    public void An_origin_list_that_allows_every_origin_says_why(string value, string message)
    {
        var parsed = Annotated.Parse(("enable-cors", "true"), ("cors-allow-origin", value));

        var warning = parsed.SingleWarningOn("cors-allow-origin");
        Assert.Equal(message, warning.Message);
    }

    [Theory]
    [InlineData("cors-allow-methods", "GET, P0ST", "has the entry 'P0ST'; entries are letters only, separated by ','")]
    [InlineData("cors-allow-headers", "X-A, X.B", "has the entry 'X.B'; entries are letters, digits, '-' and '_', separated by ','")]
    [InlineData("cors-expose-headers", "X-A:1", "has the entry 'X-A:1'; entries are letters, digits, '-' and '_', or '*', separated by ','")]
    public void Invalid_list_entries_are_refused_with_the_grammar(string name, string value, string reason)
    {
        var parsed = Annotated.Parse(("enable-cors", "true"), (name, value));

        var error = parsed.SingleErrorOn(name);
        Assert.Equal($"'{value}' {reason}", error.Message);
    }

    [Fact]
    public void Empty_list_entries_are_skipped()
    {
        var cors = Annotated.Parse(("enable-cors", "true"), ("cors-allow-methods", "GET,, POST, "), ("cors-allow-headers", ",X-A,")).Result.Cors!;

        Assert.Equal(["GET", "POST"], cors.AllowedMethods);
        Assert.Equal(["X-A"], cors.AllowedHeaders);
    }

    [Theory]
    [InlineData("cors-allow-methods")]
    [InlineData("cors-allow-headers")]
    [InlineData("cors-expose-headers")]
    public void A_list_of_nothing_keeps_the_default_with_a_warning(string name)
    {
        var parsed = Annotated.Parse(("enable-cors", "true"), (name, " , ,"));

        var warning = parsed.SingleWarningOn(name);
        Assert.Equal("lists nothing; the default is used", warning.Message);
        var cors = parsed.Result.Cors!;
        Assert.Equal(CorsPolicy.DefaultAllowedMethods, cors.AllowedMethods);
        Assert.Equal(CorsPolicy.DefaultAllowedHeaders, cors.AllowedHeaders);
        Assert.Empty(cors.ExposedHeaders);
    }

    [Theory]
    [InlineData("false")]
    [InlineData(null)]
    public void Each_cors_setting_without_enable_cors_says_so(string? enable)
    {
        var annotations = new List<(string, string)>
        {
            ("cors-allow-origin", "https://a.example"), ("cors-allow-methods", "GET"), ("cors-allow-headers", "X-A"),
            ("cors-expose-headers", "X-B"), ("cors-allow-credentials", "false"), ("cors-max-age", "5"),
        };
        if (enable is not null)
        {
            annotations.Add(("enable-cors", enable));
        }

        var parsed = Annotated.Parse([.. annotations]);

        Assert.Equal(6, parsed.Warnings.Count(w => w.Message == "ignored: enable-cors is not \"true\""));
        Assert.Equal(parsed.Diagnostics.Count, parsed.Warnings.Count());
        Assert.False(parsed.Result.Cors!.Enabled);
    }
}
