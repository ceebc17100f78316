using IngressCore.Matching;

namespace IngressCore.Tests.Matching;

/// <summary>
/// The normalised path and the query of a request-target as the steps after matching use them
/// (app-root redirects only the root, rewrite captures see the path the match saw, redirects
/// keep the query).
/// </summary>
public sealed class NormalizedPathTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/?a=b", true)]
    [InlineData("//", true)]
    [InlineData("/%2e/", true)]
    [InlineData("/a/..", true)]
    [InlineData("/./", true)]
    [InlineData("/a", false)]
    [InlineData("/%2f", true)] // decoded, then merged as nginx merges slashes
    [InlineData("/%2fa", false)]
    [InlineData("/a/../b", false)]
    [InlineData("/%zz", false)]
    [InlineData("", true)] // an empty path is /
    [InlineData("?a", true)]
    public void Only_a_path_that_normalises_to_the_root_is_the_root(string target, bool root) =>
        Assert.Equal(root, NormalizedPath.IsRoot(target));

    [Fact]
    public void A_path_longer_than_the_stack_buffer_is_normalised_too()
    {
        var dots = string.Concat(Enumerable.Repeat("./", 200));
        Assert.True(NormalizedPath.IsRoot("/" + dots));
        Assert.True(NormalizedPath.IsRoot("/" + dots + "?x"));
        Assert.False(NormalizedPath.IsRoot("/" + dots + "a"));
        Assert.Equal("/a", NormalizedPath.Of("/" + dots + "a"));
    }

    [Theory]
    [InlineData("/a/./b//c?x", "/a/b/c")]
    [InlineData("/%61", "/a")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/a?b", "/a")]
    [InlineData("/%zz", null)]
    public void The_normalised_path_drops_the_query(string target, string? normalised) =>
        Assert.Equal(normalised, NormalizedPath.Of(target));

    [Theory]
    [InlineData("/a", "")]
    [InlineData("/a?", "")]
    [InlineData("?b", "b")]
    [InlineData("/a?b=c&d", "b=c&d")]
    [InlineData("/a?b#c", "b")]
    [InlineData("/a?#c", "")]
    [InlineData("/a?b?c", "b?c")]
    public void The_query_is_what_follows_the_first_question_mark_up_to_a_fragment(string target, string query) =>
        Assert.Equal(query, NormalizedPath.Query(target).ToString());
}
