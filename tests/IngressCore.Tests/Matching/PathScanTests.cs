using IngressCore.Diagnostics;
using IngressCore.Matching;

namespace IngressCore.Tests.Matching;

/// <summary>
/// <see cref="PathScan"/> decides, in one vector pass, which paths may skip the exact normaliser;
/// a path wrongly called plain would be matched undecoded (<c>/%61dmin</c> past a rule on
/// <c>/admin</c>), and a slash missed would cut an element in the wrong place. The route-level
/// twin tests (<see cref="FastPathTests"/>) only see the outcome, and a wrongly refused path
/// takes the exact way with the same outcome, so these check the scan itself against a plain
/// definition: every length up to one past <see cref="PathScan.MaxLength"/>, every position, and
/// characters whose low byte is one the scan looks for.
/// </summary>
public sealed class PathScanTests
{
    private static readonly char[] Probes =
    [
        '/', '.', '%', '?', '#', '\u007f', '\0', '\t', '\u001f', ' ', 'A', '~',
        '\u012F', // low byte '/'
        '\u012E', // low byte '.'
        '\u0125', // low byte '%'
        '\u013F', // low byte '?'
        '\u0100', // low byte NUL
        '\uFF2F', // high byte and low byte '/'
    ];

    [Fact]
    public void Every_character_at_every_position_is_classified_as_the_definition_says()
    {
        foreach (var baseline in Baselines())
        {
            for (var position = 0; position < baseline.Length; position++)
            {
                foreach (var probe in Probes)
                {
                    var path = baseline.ToCharArray();
                    path[position] = probe;
                    AssertScan(new string(path));
                }
            }
        }
    }

    [Fact]
    public void An_empty_element_or_one_starting_with_a_dot_is_found_at_every_position()
    {
        foreach (var baseline in Baselines())
        {
            for (var position = 0; position + 1 < baseline.Length; position++)
            {
                foreach (var pair in new[] { "//", "/.", "./", "..", "/a" })
                {
                    var path = baseline.ToCharArray();
                    path[position] = pair[0];
                    path[position + 1] = pair[1];
                    AssertScan(new string(path));
                }
            }
        }
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/a", true)]
    [InlineData("/a/b/c", true)]
    [InlineData("/a/b/", true)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    [InlineData("//", false)]
    [InlineData("/.", false)]
    [InlineData("/a/.well-known", false)]
    [InlineData("/a.b/c.d", true)]
    [InlineData("/%61", false)]
    [InlineData("/a?b", false)]
    [InlineData("/a#b", false)]
    public void Plain_paths(string path, bool plain) => Assert.Equal(plain, PathScan.TryScan(path, out _));

    [Fact]
    public void The_longest_scanned_path_is_MaxLength_characters()
    {
        var longest = "/" + new string('a', PathScan.MaxLength - 1);
        Assert.True(PathScan.TryScan(longest, out var slashes));
        Assert.Equal(1UL, slashes);
        Assert.False(PathScan.TryScan(longest + "a", out _));
        Assert.False(PathScan.TryScan(longest + "/", out _));
    }

    /// <summary>
    /// For each length from 1 to two past <see cref="PathScan.MaxLength"/>, a plain path with no
    /// slash but the first and one with a slash every third character, so that slash bits fall on
    /// both sides of every vector boundary.
    /// </summary>
    private static IEnumerable<string> Baselines()
    {
        for (var length = 1; length <= PathScan.MaxLength + 2; length++)
        {
            yield return "/" + new string('a', length - 1);
            yield return string.Concat(Enumerable.Range(0, length).Select(i => i % 3 == 0 ? '/' : 'b'));
        }
    }

    private static void AssertScan(string path)
    {
        var expected = IsPlain(path);
        var plain = PathScan.TryScan(path, out var slashes);
        Assert.True(expected == plain, $"{Show(path)} (length {path.Length}): scanned as {(plain ? "plain" : "not plain")}");
        if (plain)
        {
            Assert.True(SlashBits(path) == slashes, $"{Show(path)}: slash bits {slashes:X16}, expected {SlashBits(path):X16}");
        }
    }

    /// <summary>The definition, one character at a time.</summary>
    private static bool IsPlain(string path)
    {
        if (path.Length is 0 or > PathScan.MaxLength || path[0] != '/')
        {
            return false;
        }

        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c < ' ' || c is '%' or '?' or '#' or '\u007f' || (i > 0 && path[i - 1] == '/' && c is '/' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static ulong SlashBits(string path)
    {
        ulong bits = 0;
        for (var i = 0; i < path.Length; i++)
        {
            bits |= path[i] == '/' ? 1UL << i : 0;
        }

        return bits;
    }

    private static string Show(string text) => Printable.Of(text, int.MaxValue);
}
