using System.Text.RegularExpressions;
using IngressCore.Annotations.Tests.Support;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// docs/annotations.md is true to the code: each row's status is what the parser does with the annotation
/// (honoured, partly and parsed rows parse without a "not supported" warning; not supported rows warn;
/// refused rows are errors).
/// </summary>
public sealed partial class DocsTests
{
    private static readonly Lazy<IReadOnlyList<(string Name, string Status)>> Rows = new(ReadRows);

    [Fact]
    public void The_matrix_lists_every_annotation_the_parser_reads()
    {
        var documented = Rows.Value.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(Samples.Valid.Keys, name => Assert.Contains(name, documented));
        Assert.True(Rows.Value.Count >= 138, $"{Rows.Value.Count} rows; ingress-nginx has 138 annotations");
        Assert.Equal(Rows.Value.Count, documented.Count);
    }

    public static TheoryData<string, string> DocumentedRows()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, status) in ReadRows())
        {
            data.Add(name, status);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DocumentedRows))]
    public void Each_row_is_what_the_parser_does(string name, string status)
    {
        var parsed = Samples.Paired.TryGetValue(name, out var pair)
            ? Annotated.Parse((name, pair.Value), pair.Companion)
            : Annotated.Parse((name, Samples.Valid.TryGetValue(name, out var sample) ? sample : "1"));
        var notHonoured = parsed.Warnings.Any(d =>
            d.Field == Annotated.Field(name) &&
            (d.Message.Contains("not supported", StringComparison.Ordinal) || d.Message.Contains("knows", StringComparison.Ordinal)));

        switch (status)
        {
            case "honoured":
            case "partly":
            case "parsed":
                Assert.False(parsed.Result.HasErrors, parsed.ToString());
                Assert.False(notHonoured, parsed.ToString());
                break;
            case "not supported":
                Assert.False(parsed.Result.HasErrors, parsed.ToString());
                Assert.True(notHonoured, parsed.ToString());
                break;
            case "refused":
                Assert.True(parsed.HasErrorOn(name), parsed.ToString());
                break;
            default:
                Assert.Fail($"{name}: unknown status '{status}'");
                break;
        }
    }

    private static List<(string Name, string Status)> ReadRows()
    {
        var rows = new List<(string, string)>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "annotations.md")))
        {
            var match = Row().Match(line);
            if (match.Success)
            {
                rows.Add((match.Groups["name"].Value, match.Groups["status"].Value));
            }
        }

        return rows;
    }

    /// <summary>A matrix row: <c>| `name` | status | …</c>.</summary>
    [GeneratedRegex(@"\A\| `(?<name>[a-z0-9-]+)` \| (?<status>honoured|partly|parsed|not supported|refused)\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Row();
}
