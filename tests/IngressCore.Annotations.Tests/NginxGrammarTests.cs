namespace IngressCore.Annotations.Tests;

/// <summary>
/// The scalar grammars of ingress-nginx's annotation parsers (internal/ingress/annotations/parser),
/// each refusal by its reason and each bound exactly: counts (Go's <c>strconv.Atoi</c>, without a
/// sign), nginx sizes, the header-name characters of <c>BasicCharsRegex</c>, and the host names and
/// ports a redirect may name.
/// </summary>
public sealed class NginxGrammarTests
{
    private const string Fraction = "is not a whole number (no fractions, exponents or separators are allowed)";
    private const string NotDigits = "is not a whole number written in ASCII digits (no units or other characters are allowed)";
    private const string Sign = "has a sign; only the digits of a non-negative whole number are allowed";

    [Theory]
    [InlineData("", "has no digits")]
    [InlineData("-1", Sign)]
    [InlineData("+1", Sign)]
    [InlineData("1.5", Fraction)]
    [InlineData("1e3", Fraction)]
    [InlineData("1E3", Fraction)]
    [InlineData("1,000", Fraction)]
    [InlineData("1x", NotDigits)]
    [InlineData("1 ", NotDigits)]
    public void A_count_that_is_not_digits_is_refused_by_its_reason(string value, string reason)
    {
        Assert.Equal(reason, NginxGrammar.ParseCount(value, 0, 100, out var result));
        Assert.Equal(0, result);
    }

    [Fact]
    public void A_size_is_refused_empty_without_digits_or_past_a_long()
    {
        Assert.Equal("is empty", NginxGrammar.ParseSize("", out _));
        Assert.Equal("has no digits; a size is digits optionally followed by k, m or g (as in 8m)", NginxGrammar.ParseSize("k", out _));
        Assert.Equal("is too large", NginxGrammar.ParseSize("9223372036854775808", out _));
        Assert.Equal("is too large", NginxGrammar.ParseSize("9007199254740992k", out _));   // 2^53 KiB is 2^63 bytes

        Assert.Null(NginxGrammar.ParseSize("9007199254740991k", out var bytes));
        Assert.Equal(long.MaxValue - 1023, bytes);
    }

    [Theory]
    [InlineData('-')]
    [InlineData('.')]
    [InlineData('_')]
    [InlineData('~')]
    [InlineData('a')]
    [InlineData('Z')]
    [InlineData('0')]
    public void Header_name_characters_are_letters_digits_and_four_marks(char c) =>
        Assert.True(NginxGrammar.IsNameChar(c));

    [Theory]
    [InlineData('/')]
    [InlineData(':')]
    [InlineData(' ')]
    [InlineData('@')]
    public void Other_characters_are_no_header_name_characters(char c) =>
        Assert.False(NginxGrammar.IsNameChar(c));

    [Fact]
    public void A_host_may_have_253_characters_and_labels_of_63()
    {
        var label = new string('a', 63);
        var host253 = string.Join('.', label, label, label, new string('b', 61));

        Assert.Null(NginxGrammar.HostNameProblem(host253));
        Assert.Equal("has a host longer than 253 characters", NginxGrammar.HostNameProblem(host253 + "b"));
        Assert.Null(NginxGrammar.HostNameProblem(label + ".example.com"));
        Assert.Equal("has a host with an empty or over-long label", NginxGrammar.HostNameProblem(label + "a.example.com"));
    }

    [Theory]
    [InlineData("", "has an empty host")]
    [InlineData("a..example.com", "has a host with an empty or over-long label")]
    [InlineData("-a.example.com", "has a host label that starts or ends with '-'")]
    [InlineData("a-.example.com", "has a host label that starts or ends with '-'")]
    [InlineData("a b.example.com", "has the character ' ' in its host")]
    public void Bad_hosts_are_refused_by_their_reason(string host, string reason) =>
        Assert.Equal(reason, NginxGrammar.HostNameProblem(host));

    [Theory]
    [InlineData("1", true)]
    [InlineData("80", true)]
    [InlineData("10000", true)]
    [InlineData("65535", true)]
    [InlineData("00080", true)]
    [InlineData("0", false)]
    [InlineData("65536", false)]
    [InlineData("99999", false)]
    [InlineData("123456", false)]
    [InlineData("99999999999", false)]
    [InlineData("", false)]
    [InlineData("abc", false)]
    [InlineData("8a", false)]
    public void A_port_is_1_to_65535_in_at_most_five_digits(string text, bool expected) =>
        Assert.Equal(expected, NginxGrammar.IsPort(text));
}
