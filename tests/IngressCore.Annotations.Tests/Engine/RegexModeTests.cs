using static IngressCore.Annotations.Tests.Engine.Gateway;
using IngressCore.Decisions;
using IngressCore.Model;

namespace IngressCore.Annotations.Tests.Engine;

/// <summary>
/// Host-wide regex mode (use-regex or an active rewrite-target on any Ingress of the host): every location is
/// <c>~* ^path</c>, tried longest first (equal lengths in reverse ordinal order), and the first match wins.
/// kubernetes/ingress-nginx test/e2e/ingress/pathtype_prefix.go, test/e2e/annotations/rewrite.go;
/// docs/matching.md.
/// </summary>
public sealed class RegexModeTests
{
    /// <summary>
    /// The e2e tests write these regexes as Prefix paths; IngressCore refuses regex characters in a Prefix path
    /// (as ingress-nginx's strict-validate-path-type does), so they are ImplementationSpecific here.
    /// </summary>
    private static Gateway Single(string path, string host = "echo.com.br") =>
        Of(Ingress(host, host).Annotate("use-regex", "true").Path(path, "echo", PathType.ImplementationSpecific));

    /// <summary>Deliberate difference: a regex in a Prefix path is refused with an error that names ImplementationSpecific.</summary>
    [Fact]
    public void Regex_in_a_prefix_path_is_refused()
    {
        var gateway = Of(
            Ingress("good", "good.example").Path("/", "good"),
            Ingress("prefix-regex", "echo.com.br").Annotate("use-regex", "true").Path("/id/[0-9]+", "echo"));

        Assert.Contains(gateway.Errors, e => e.Message.Contains("ImplementationSpecific", StringComparison.Ordinal));
        Expect.Status(gateway.Get("/id/1", "echo.com.br"), 404);
    }

    /// <summary>pathtype_prefix.go "should test prefix path using simple regex pattern for /id/{int}": without <c>$</c> any extension matches.</summary>
    [Theory]
    [InlineData("/id/1", true)]
    [InlineData("/id/12", true)]
    [InlineData("/id/123", true)]
    [InlineData("/id/aaa", false)]
    [InlineData("/id/123a", true)]
    public void Simple_regex_prefix_path(string target, bool served)
    {
        AssertServed(Single("/id/[0-9]+").Get(target, "echo.com.br"), target, served);
    }

    /// <summary>pathtype_prefix.go "should test prefix path using regex pattern for /id/{int} ignoring non-digits characters at end of string".</summary>
    [Theory]
    [InlineData("/id/1", true)]
    [InlineData("/id/aaa", false)]
    [InlineData("/id/123a", false)]
    public void Anchored_regex_prefix_path(string target, bool served)
    {
        AssertServed(Single("/id/[0-9]+$").Get(target, "echo.com.br"), target, served);
    }

    /// <summary>pathtype_prefix.go "should test prefix path using fixed path size regex pattern /id/{int}{3}".</summary>
    [Theory]
    [InlineData("/id/99", false)]
    [InlineData("/id/123", true)]
    [InlineData("/id/9999", false)]
    [InlineData("/id/123a", false)]
    public void Fixed_size_regex_prefix_path(string target, bool served)
    {
        AssertServed(Single("/id/[0-9]{3}$").Get(target, "echo.com.br"), target, served);
    }

    /// <summary>pathtype_prefix.go "should correctly route multi-segment path patterns".</summary>
    [Theory]
    [InlineData("/id/123/post/abc", true)]
    [InlineData("/id/123/post/abc123", false)]
    [InlineData("/id/abc/post/abc", false)]
    public void Multi_segment_regex_path(string target, bool served)
    {
        AssertServed(Single("/id/[0-9]+/post/[a-zA-Z]+$").Get(target, "echo.com.br"), target, served);
    }

    /// <summary>docs/matching.md: in regex mode an Exact path is <c>^/foo</c> and matches longer paths and any case.</summary>
    [Theory]
    [InlineData("/foo", "exact")]
    [InlineData("/foo/anything", "exact")]
    [InlineData("/FOOx", "exact")]
    [InlineData("/bar", "regex")]
    public void Exact_path_in_regex_mode_is_a_case_insensitive_prefix_regex(string target, string service)
    {
        var gateway = Of(
            Ingress("exact").Path("/foo", "exact", PathType.Exact),
            Ingress("regex").Annotate("use-regex", "true").Path("/ba.", "regex", PathType.ImplementationSpecific));

        Expect.Backend(gateway.Get(target), service, target);
    }

    /// <summary>docs/matching.md: equal lengths are tried in reverse ordinal order (<c>/abc</c> before <c>/a.c</c>), longer ones first.</summary>
    [Theory]
    [InlineData("/abc", "literal")]
    [InlineData("/axc", "dot")]
    [InlineData("/abcd", "longer")]
    [InlineData("/ABCD/x", "longer")]
    public void Equal_lengths_are_tried_in_reverse_ordinal_order(string target, string service)
    {
        var gateway = Of(Ingress("regex").Annotate("use-regex", "true")
            .Path("/a.c", "dot", PathType.ImplementationSpecific)
            .Path("/abc", "literal", PathType.ImplementationSpecific)
            .Path("/a.cd", "longer", PathType.ImplementationSpecific));

        Expect.Backend(gateway.Get(target), service, target);
    }

    /// <summary>docs/matching.md: a path nginx's PCRE would reject cannot be served; the Ingress is refused with an error on the path.</summary>
    [Fact]
    public void Invalid_regex_path_refuses_the_ingress()
    {
        var gateway = Of(
            Ingress("good", "good.example").Path("/", "good"),
            Ingress("bad", "bad.example").Annotate("use-regex", "true").Path("/foo(", "bad", PathType.ImplementationSpecific));

        Assert.Contains(gateway.Errors, e => e.Field.Contains(".path", StringComparison.Ordinal) && e.Message.Length > 0);
        Assert.DoesNotContain(gateway.Table.Ingresses, i => i.Name == "bad");
        Expect.Status(gateway.Get("/foo", "bad.example"), 404);
    }

    /// <summary>docs/matching.md: regex mode is per host; another host keeps plain longest-prefix matching.</summary>
    [Fact]
    public void Regex_mode_does_not_leak_to_other_hosts()
    {
        var gateway = Of(
            Ingress("regex", "regex.example").Annotate("use-regex", "true").Path("/foo", "regex"),
            Ingress("plain", "plain.example").Path("/foo", "plain"));

        Expect.Backend(gateway.Get("/foobar", "regex.example"), "regex", "/foobar");
        Expect.Status(gateway.Get("/foobar", "plain.example"), 404);
    }

    private static void AssertServed(Decisions.IngressDecision decision, string target, bool served)
    {
        if (served)
        {
            Expect.Backend(decision, "echo", target);
        }
        else
        {
            Expect.Status(decision, 404);
        }
    }
}
