using IngressCore.Annotations.Tests.Support;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// Every control character (C0 0x00–0x1F, DEL and C1 0x7F–0x9F), inside the value of a parsed
/// annotation, an address list (whose entries are trimmed), an annotation IngressCore ignores
/// and one it does not know: each refuses the Ingress, and the error names the screen's check and
/// the character. A fixed table, so that letting one character through fails the suite.
/// </summary>
public sealed class ControlCharacterTests
{
    /// <summary>A name of each kind, and a value to put the character in the middle of.</summary>
    private static readonly (string Name, string Before, string After)[] Names =
    [
        ("rewrite-target", "/a", "b"),                       // parsed
        ("allowlist-source-range", "10.0.0.0/8, 10.1", ".0.0/16"), // parsed, entries trimmed
        ("proxy-buffering", "o", "n"),                       // ignored: not supported, a warning otherwise
        ("unknown-thing", "a", "b"),                         // not an annotation IngressCore knows
    ];

    public static TheoryData<string, int> Table()
    {
        var data = new TheoryData<string, int>();
        foreach (var (name, _, _) in Names)
        {
            foreach (var c in Enumerable.Range(0x00, 0x20).Concat(Enumerable.Range(0x7F, 0x21)))
            {
                data.Add(name, c);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void A_control_character_inside_a_value_refuses_the_Ingress_by_the_screen(string name, int code)
    {
        var (_, before, after) = Names.Single(n => n.Name == name);

        var parsed = Annotated.Parse((name, before + (char)code + after));

        var error = parsed.SingleErrorOn(name);
        Assert.Equal($"the value contains the control character U+{code:X4}", error.Message);
        Assert.True(parsed.Result.HasErrors);
    }

    [Fact]
    public void The_table_covers_all_65_control_characters() =>
        Assert.Equal(65 * Names.Length, Table().Count);
}
