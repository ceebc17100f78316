using IngressCore.Annotations.Tests.Support;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// The Secret and ConfigMap references annotations make (<c>auth-secret</c>, <c>auth-tls-secret</c>,
/// <c>custom-headers</c>): <c>name</c> or <c>namespace/name</c> of the Ingress's own namespace, as
/// ingress-nginx's <c>parser.GetStringAnnotation</c> plus <c>cache.SplitMetaNamespaceKey</c> and its
/// cross-namespace check (internal/ingress/annotations/auth/main.go), each refusal by its reason.
/// </summary>
public sealed class ObjectReferenceTests
{
    private static Annotated Secret(string value) => Annotated.Parse(("auth-tls-secret", value));

    private static string Name253
    {
        get
        {
            var label = new string('a', 63);
            return string.Join('.', label, label, label, new string('b', 61));
        }
    }

    [Fact]
    public void A_reference_is_written_namespace_slash_name() =>
        Assert.Equal("shop/demo", new ObjectReference("shop", "demo").ToString());

    [Theory]
    [InlineData("demo")]
    [InlineData("shop/demo")]
    public void A_name_alone_or_with_the_ingress_s_namespace_is_the_same_reference(string value)
    {
        var parsed = Secret(value);

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(new ObjectReference("shop", "demo"), parsed.Result.ClientCertificates!.Secret);
    }

    [Fact]
    public void The_longest_reference_reaches_the_namespace_check()
    {
        var value = new string('n', 63) + "/" + Name253;   // 317 characters: a namespace and a name of the largest sizes
        Assert.Equal(317, value.Length);

        var error = Assert.Single(Secret(value).Errors);

        Assert.StartsWith($"names a Secret in namespace {new string('n', 63)}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_longer_reference_is_refused_before_it_is_split()
    {
        var parsed = Secret(new string('n', 64) + "/" + Name253);

        var error = parsed.SingleErrorOn("auth-tls-secret");
        Assert.EndsWith(" is longer than any Secret reference (a name has at most 253 characters)", error.Message, StringComparison.Ordinal);
        Assert.Null(parsed.Result.ClientCertificates);
    }

    [Fact]
    public void A_leading_slash_is_an_empty_namespace_not_the_ingress_s_own()
    {
        var parsed = Secret("/demo");

        var error = Assert.Single(parsed.Errors);
        Assert.Equal("'/demo' is not a Secret reference (the namespace is required); write NAME or NAMESPACE/NAME", error.Message);
        Assert.Null(parsed.Result.ClientCertificates);
    }

    [Fact]
    public void A_namespace_that_is_no_label_is_refused_as_such_not_as_another_namespace()
    {
        var error = Assert.Single(Secret("Shop/demo").Errors);

        Assert.StartsWith("'Shop/demo' is not a Secret reference (the namespace 'Shop' must be a lower-case RFC 1123 label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_that_is_no_subdomain_is_refused_naming_the_kind()
    {
        var error = Assert.Single(Secret("shop/Demo").Errors);

        Assert.StartsWith("'shop/Demo' is not a Secret reference (the Secret name 'Demo' must be a lower-case RFC 1123 subdomain", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; write NAME or NAMESPACE/NAME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_namespace_is_refused_naming_both()
    {
        var error = Assert.Single(Secret("other/demo").Errors);

        Assert.Equal(
            "names a Secret in namespace other: an Ingress can only use Secrets of its own namespace (shop), as in ingress-nginx without allow-cross-namespace-resources",
            error.Message);
    }
}
