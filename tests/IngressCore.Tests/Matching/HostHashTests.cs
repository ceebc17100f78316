using IngressCore.Diagnostics;
using IngressCore.Matching;

namespace IngressCore.Tests.Matching;

/// <summary>
/// <see cref="HostHash"/> finds a host's bucket and compares it there. The route-level tests see
/// it only through hosts that are in the table, so a hash that drops characters or a compare that
/// skips some still finds every known host; these check the functions themselves at every length
/// the vector code handles differently (under 4, 4-7, 8-15, 16 and more) and at every position:
/// A-Z and only A-Z fold, every character counts, and a colon anywhere is reported.
/// </summary>
public sealed class HostHashTests
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz0123456789-.abcdefghijklmnopqrstuvwxyz";

    public static TheoryData<int> Lengths() => [.. Enumerable.Range(0, 41)];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Upper_case_letters_hash_and_compare_as_lower_case_at_every_position(int length)
    {
        var host = Letters[..length];
        for (var position = 0; position < length; position++)
        {
            var variant = Replace(host, position, char.ToUpperInvariant(host[position]));
            Assert.True(HostHash.Compute(variant, out var colon) == HostHash.Compute(host), $"{variant} hashes apart from {host}");
            Assert.False(colon, variant);
            Assert.True(HostHash.EqualsFolded(variant, host), $"{variant} differs from {host}");
        }

        Assert.True(HostHash.EqualsFolded(host.ToUpperInvariant(), host), host);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Every_character_counts_in_the_hash_and_the_compare(int length)
    {
        var host = Letters[..length];
        for (var position = 0; position < length; position++)
        {
            // Another letter, and characters one bit of case (0x20) apart from a letter that are
            // not letters, so folding them would make two hosts one.
            foreach (var other in new[] { host[position] == 'q' ? 'r' : 'q', '@', '`', '[', '{' })
            {
                var variant = Replace(host, position, other);
                Assert.True(HostHash.Compute(variant) != HostHash.Compute(host), $"{Show(variant)} hashes as {host}");
                Assert.False(HostHash.EqualsFolded(variant, host), $"{Show(variant)} equals {host}");
            }

            // Above 0xFF only the compare sees the high byte (the hash keeps the low one): the
            // Kelvin sign is not a k, and U+0161 is not an a although its low byte is.
            foreach (var other in new[] { '\u212A', (char)(0x100 | host[position]) })
            {
                Assert.False(HostHash.EqualsFolded(Replace(host, position, other), host), $"{Show(Replace(host, position, other))} equals {host}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_host_equals_no_key_of_another_length(int length)
    {
        var host = Letters[..length];
        Assert.False(HostHash.EqualsFolded(host + "a", host));
        Assert.False(HostHash.EqualsFolded(host, host + "a"));
        if (length > 0)
        {
            Assert.False(HostHash.EqualsFolded(host.AsSpan(0, length - 1), host));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_colon_is_found_at_every_position_and_two_do_not_cancel(int length)
    {
        var host = Letters[..length];
        HostHash.Compute(host, out var none);
        Assert.False(none, host);
        for (var position = 0; position < length; position++)
        {
            HostHash.Compute(Replace(host, position, ':'), out var one);
            Assert.True(one, $"no colon found in {Replace(host, position, ':')}");
            for (var second = position + 1; second < length; second++)
            {
                HostHash.Compute(Replace(Replace(host, position, ':'), second, ':'), out var two);
                Assert.True(two, $"no colon found in {Replace(Replace(host, position, ':'), second, ':')}");
            }
        }
    }

    private static string Replace(string text, int position, char c) =>
        string.Concat(text.AsSpan(0, position), new ReadOnlySpan<char>(in c), text.AsSpan(position + 1));

    private static string Show(string text) => Printable.Of(text, int.MaxValue);
}
