using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Matching;

/// <summary>
/// The trie's child scan keys an element by its length and first four characters, then checks
/// the rest of a longer one. Siblings that share length and head must still be told apart by what
/// follows, at lengths around four, eight and nine characters (where a faster check of the rest
/// would change shape), and a request element that shares them with no sibling must match none. Each host
/// keeps to <see cref="PathForest.LinearChildLimit"/> children or fewer, so its root is scanned,
/// not hashed.
/// </summary>
public sealed class ChildScanTests
{
    private static readonly RouteTable Table = RouteTable.Build(
    [
        Ingress(
            "siblings",
            Rule(
                "a.example.com",
                Prefix("/items", "items", 80),
                Prefix("/itemz", "itemz", 80),
                Prefix("/app.js", "app-js", 80),
                Prefix("/app.jx", "app-jx", 80)),
            Rule(
                "b.example.com",
                Prefix("/abcdefgh", "eight-h", 80),
                Prefix("/abcdefgx", "eight-x", 80),
                Prefix("/abcdefghi", "nine-i", 80),
                Prefix("/abcdefghx", "nine-x", 80),
                Exact("/abcdxfgh/v1", "exact-deep", 80))),
    ]);

    [Fact]
    public void Each_host_keeps_its_root_children_to_the_scanned_limit() =>
        Assert.All(Table.Routes, r => Assert.True(Table.Routes.Count(o => o.Host == r.Host) <= PathForest.LinearChildLimit));

    [Theory]
    [InlineData("/items", "items")]
    [InlineData("/items/42", "items")]
    [InlineData("/itemz", "itemz")]
    [InlineData("/itemz/42", "itemz")]
    [InlineData("/itemq", null)]
    [InlineData("/Items", null)]
    [InlineData("/app.js", "app-js")]
    [InlineData("/app.jx/x", "app-jx")]
    [InlineData("/app.jy", null)]
    [InlineData("/abcdefgh", "eight-h")]
    [InlineData("/abcdefgx/y", "eight-x")]
    [InlineData("/abcdefgz", null)]
    [InlineData("/xbcdefgh", null)]
    [InlineData("/abcdefghi", "nine-i")]
    [InlineData("/abcdefghx/1", "nine-x")]
    [InlineData("/abcdefghy", null)]
    [InlineData("/abcdxfgh/v1", "exact-deep")]
    [InlineData("/abcdyfgh/v1", null)]
    public void Siblings_sharing_length_and_first_four_characters_are_told_apart_by_the_rest(string path, string? service)
    {
        var host = path.StartsWith("/abcd", StringComparison.Ordinal) ? "b.example.com" : "a.example.com";
        var match = Table.Match(host, path);

        Assert.Equal(service, match.Route?.Backend.ServiceName);
        Assert.Equal(service is null ? RouteMatchStatus.NotFound : RouteMatchStatus.Matched, match.Status);
    }
}
