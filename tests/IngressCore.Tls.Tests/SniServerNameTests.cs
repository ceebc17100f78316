namespace IngressCore.Tls.Tests;

/// <summary>The bounds of a valid server name, the port removed from a Host, and the punycode form of a Unicode name.</summary>
public sealed class SniServerNameTests
{
    private static readonly string Label63 = new('a', 63);

    /// <summary>A name of exactly <paramref name="length"/> characters in labels of at most 63.</summary>
    private static string NameOf(int length)
    {
        var name = $"{Label63}.{Label63}.{Label63}.";
        return name + new string('b', length - name.Length);
    }

    [Fact]
    public void A_name_of_253_characters_is_valid_and_one_of_254_is_not()
    {
        Assert.True(SniServerName.IsValid(NameOf(253)));
        Assert.False(SniServerName.IsValid(NameOf(254)));
        Assert.False(SniServerName.IsValid(""));
    }

    [Fact]
    public void A_label_of_63_characters_is_valid_and_one_of_64_is_not()
    {
        Assert.True(SniServerName.IsValid(Label63 + ".example.com"));
        Assert.False(SniServerName.IsValid(Label63 + "a.example.com"));
        Assert.True(SniServerName.IsValid(Label63));
        Assert.False(SniServerName.IsValid(Label63 + "a"));
    }

    [Theory]
    [InlineData("example.com:443", "example.com")]
    [InlineData("example.com", "example.com")]
    [InlineData(":443", "")]
    [InlineData("[::1]:443", "")]
    [InlineData("[::1]", "")]
    public void The_port_is_removed_and_an_IPv6_literal_is_no_name(string host, string expected)
    {
        Assert.Equal(expected, SniServerName.WithoutPort(host).ToString());
    }

    [Fact]
    public void A_Unicode_name_becomes_punycode_up_to_the_maximum_length()
    {
        Assert.Equal("xn--bcher-kva.example", SniServerName.ToAscii("BÜCHER.example.").ToString());
        Assert.Equal(NameOf(253), SniServerName.ToAscii(NameOf(253)).ToString());
        Assert.True(SniServerName.ToAscii(NameOf(254)).IsEmpty);
    }

    [Theory]
    [InlineData("bücher.123")]
    [InlineData("b_ücher.example")]
    [InlineData("bü cher.example")]
    [InlineData("bü\tcher.example")]
    [InlineData("")]
    public void A_Unicode_name_that_is_no_valid_DNS_name_has_no_punycode_form(string name)
    {
        Assert.True(SniServerName.ToAscii(name).IsEmpty);
    }
}
