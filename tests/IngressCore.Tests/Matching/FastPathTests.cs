using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Matching;

/// <summary>
/// The matcher takes a fast way for plain paths (one vector scan, at most 64 characters) and for
/// hosts without a colon (trim and hash in one pass); every other request takes the exact way.
/// Both must give the same answer. A query string sends any path the exact way without changing
/// what it matches, and a port sends any host the exact way, so each request is checked against
/// those twins; the requests sit on the lengths where the vector code changes shape (3/4, 7/8,
/// 15/16, 64/65) and use characters whose low byte is a character the scan looks for.
/// </summary>
public sealed class FastPathTests
{
    private static readonly string[] PathAlphabet =
    [
        "/", "/", "/", "a", "b", "ab", "abcd", "abcde", "v1", ".", "-", "~", "é", "%41", "%2e", "?",
        "\u012F", // low byte '/'
        "\u012E", // low byte '.'
        "\u0125", // low byte '%'
        "\u013F", // low byte '?'
        "\u0100", // low byte NUL
        "\u017F", // low byte DEL
        "\t",
    ];

    private static readonly string[] HostAlphabet =
    [
        "a", "b", "e", "x", "A", "E", "-", "_", ".", ".", "1", "\u0161", "\u0141", "\u212A", "İ", "[", ":",
    ];

    private static readonly RouteTable Table = RouteTable.Build(
    [
        Ingress(
            "paths",
            Rule(
                "a.example.com",
                Prefix("/a", "a", 80),
                Prefix("/ab/abcd", "abcd", 80),
                Exact("/abcde/v1", "exact", 80),
                Exact("/abcde/v1/", "exact-slash", 80),
                Prefix("/abcde/abcde/abcde/abcde/abcde", "deep", 80),
                Prefix("/b/-/~", "marks", 80),
                Exact("/", "root", 80))),
        Ingress("wild", Rule("*.example.com", Prefix("/ab", "wild", 80), Prefix("/abcd", "wild-abcd", 80))),
        Ingress("ab", Rule("ab", Prefix("/a", "short", 80))),
        Ingress("abcdefg", Rule("abcdefg.e-x", Prefix("/b", "seven", 80))),
        Ingress("long", Rule("abcdefghijklmnop.abcdefghijklmnop.example.com", Prefix("/b", "long", 80))),
        Ingress("any", Rule(null, Prefix("/b", "hostless", 80))),
    ]);

    private static readonly string[] Hosts =
    [
        "a.example.com", "A.EXAMPLE.COM", "x.example.com", "X_y.Example.Com.", "ab", "AB", "ab.", "abcdefg.e-x",
        "ABCDEFG.E-X", "abcdefghijklmnop.abcdefghijklmnop.example.com", "ABCDEFGHIJKLMNOP.abcdefghijklmnop.EXAMPLE.com",
        "abcdefghijklmnop.abcdefghijklmnoq.example.com", "", ".", "a", "\u212Aey.example.com",
    ];

    [Fact]
    public void Plain_paths_match_as_their_query_twins_do()
    {
        var random = new Random(20_261_126);
        for (var i = 0; i < 20_000; i++)
        {
            var host = Hosts[random.Next(Hosts.Length)];
            var path = RandomText(random, PathAlphabet, random.Next(0, 72));
            if (random.Next(3) == 0)
            {
                path = "/" + path;
            }

            AssertSame(Table.Match(host, path + "?q"), Table.Match(host, path), $"{host} {Escape(path)}");
        }
    }

    [Fact]
    public void Hosts_without_a_port_match_as_their_port_twins_do()
    {
        var random = new Random(20_261_127);
        foreach (var known in Hosts)
        {
            AssertSame(Table.Match(known + ":8080", "/b"), Table.Match(known, "/b"), known);
        }

        for (var i = 0; i < 20_000; i++)
        {
            var host = RandomText(random, HostAlphabet, random.Next(0, 40));
            if (random.Next(2) == 0)
            {
                host += ".example.com";
            }

            AssertSame(Table.Match(host + ":80", "/ab"), Table.Match(host, "/ab"), Escape(host));
        }
    }

    [Theory]
    [InlineData("/ab/abcd", "abcd")]
    [InlineData("/ab/abcd/", "abcd")]
    [InlineData("/ab/abce", null)]
    [InlineData("/ab/abc", null)]
    [InlineData("/a/abc", "a")]
    [InlineData("/abcde/v1", "exact")]
    [InlineData("/abcde/v1/", "exact-slash")]
    [InlineData("/abcde/abcde/abcde/abcde/abcde/abcde/abcde/abcde/abcde/abcde/x", "deep")]
    [InlineData("/abcde/abcde/abcde/abcde/abcdf", null)]
    [InlineData("/a\u012Fb", null)]
    [InlineData("/a/\u012Eb", "a")]
    [InlineData("/", "root")]
    public void Elements_compare_whole(string path, string? service)
    {
        var match = Table.Match("a.example.com", path);
        Assert.Equal(service, match.Route?.Backend.ServiceName);
    }

    private static void AssertSame(RouteMatch expected, RouteMatch actual, string request)
    {
        Assert.True(
            expected.Status == actual.Status && ReferenceEquals(expected.Route, actual.Route),
            $"{request}: {actual} where the exact way gives {expected}");
    }

    private static string RandomText(Random random, string[] alphabet, int parts) =>
        string.Concat(Enumerable.Range(0, parts).Select(_ => alphabet[random.Next(alphabet.Length)]));

    private static string Escape(string text) => Printable.Of(text, int.MaxValue);
}
