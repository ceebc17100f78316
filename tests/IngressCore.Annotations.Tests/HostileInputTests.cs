using IngressCore.Annotations.Tests.Support;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// Every parsed annotation fed the classes of ingress-nginx's annotation CVEs: injection (CVE-2021-25746,
/// CVE-2023-5044, CVE-2024-7646, CVE-2025-1098, CVE-2026-1580, CVE-2026-3288, CVE-2026-4342),
/// overflow, negative and fractional numbers, oversized values and encoding tricks. Each hostile
/// value is tried alone and appended to a valid value (the unanchored-validator bypass).
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>Suffixes that no grammar admits (unless it lists the character: see <see cref="Samples.AllowedSpecials"/>).</summary>
    private static readonly string[] Injections =
    [
        ";", "; deny all", ";return 200 ok", "}", "{", "}\nserver {", "\n", "\r", "\r\nX-Injected: 1", "\nlocation / {",
        "#", "# comment", "\"", "\";", "'", "`", "\\", "$host", "${host}", "$http_authorization", "%0a", "%0d%0a",
        "\u2028", "\u2029", "\u0085", "\0", "\u001b[31m", "\t", "\u000b", "\u007f", " x", " ", "\uFF11", "\uFF0F",
        "\u200b", "\ufeff", "\ud83d\ude00", "&", "|", "<", ">", "@evil", "*", "(", ")", "!", "?x", "=", ",,",
    ];

    public static TheoryData<string, string> ParsedAnnotationsWithInjections()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, sample) in Samples.Valid)
        {
            foreach (var suffix in Injections)
            {
                if (!CouldBeValid(name, suffix))
                {
                    data.Add(name, sample + suffix);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ParsedAnnotationsWithInjections))]
    public void Injected_values_are_errors(string name, string value)
    {
        var parsed = Annotated.Parse((name, value));

        Assert.True(parsed.HasErrorOn(name), $"{name}: '{value}' was accepted: {parsed}");
        Assert.True(parsed.Result.HasErrors);
        // The check that refused: the screen names the first character it refuses; past the
        // screen, the grammar refuses the value it quotes.
        var message = Assert.Single(parsed.Errors, d => d.Field == Annotated.Field(name)).Message;
        if (Samples.ScreenRefusal(name, value) is { } screened)
        {
            Assert.Equal($"the value {screened}", message);
        }
        else
        {
            Assert.False(message.StartsWith("the value contains", StringComparison.Ordinal), message);
        }
    }

    public static TheoryData<string> ParsedAnnotations() => [.. Samples.Valid.Keys];

    [Theory]
    [MemberData(nameof(ParsedAnnotations))]
    public void The_valid_samples_are_valid(string name) =>
        Assert.False(Annotated.Parse((name, Samples.Valid[name])).Result.HasErrors);

    [Theory]
    [MemberData(nameof(ParsedAnnotations))]
    public void Oversized_values_are_errors(string name)
    {
        var sample = Samples.Valid[name];
        var value = sample + new string(sample[^1], 4097 - sample.Length);

        var parsed = Annotated.Parse((name, value));

        var error = Assert.Single(parsed.Errors, d => d.Field == Annotated.Field(name));
        Assert.Contains("4097 characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ParsedAnnotations))]
    public void Values_of_exactly_4096_characters_reach_the_grammar(string name)
    {
        var parsed = Annotated.Parse((name, new string('9', 4096)));

        Assert.DoesNotContain(parsed.Errors, d => d.Message.Contains("at most 4096", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> NumericAnnotationsWithBadNumbers()
    {
        var data = new TheoryData<string, string>();
        string[] bad =
        [
            "-1", "-0", "+5", "+0", "1.5", "5.", ".5", "1e3", "1E3", "0x10", "5,000", "1_000", "2147483648",
            "99999999999999999999999", "NaN", "Infinity", "\uFF15", "\u0665", " 5", "5 ", "5\n", "", "five",
        ];
        foreach (var name in Samples.Numeric)
        {
            foreach (var value in bad)
            {
                if (value.Length == 0 || (name == "proxy-body-size" && value is "2147483648" or " 5" or "5 "))
                {
                    continue; // empty means absent; sizes are trimmed and wider than int
                }

                data.Add(name, value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NumericAnnotationsWithBadNumbers))]
    public void Signs_fractions_exponents_and_overflow_are_errors(string name, string value) =>
        Assert.True(Annotated.Parse((name, value)).HasErrorOn(name), $"{name}: '{value}' was accepted");

    [Theory]
    [InlineData("rewrite-target", "/$1${IFS}")]
    [InlineData("rewrite-target", "/$request_uri")]
    [InlineData("rewrite-target", "https://$1/")]                   // open redirect chosen by the request
    [InlineData("app-root", "/$http_cookie")]
    [InlineData("x-forwarded-prefix", "/$remote_addr")]
    [InlineData("canary-by-header-pattern", "x\"; }")]
    [InlineData("canary-by-header-pattern", "x;")]
    [InlineData("canary-by-header-pattern", "a\nb")]
    [InlineData("upstream-vhost", "$http_host")]
    [InlineData("permanent-redirect", "https://e.com/$request_uri")]
    [InlineData("cors-allow-origin", "https://e.com$")]
    [InlineData("upstream-hash-by", "$request_uri;")]
    [InlineData("upstream-hash-by", "$1")]                          // no captures at balancing time
    [InlineData("upstream-hash-by", "${request_uri")]
    [InlineData("upstream-hash-by", "$document_root")]             // not a variable IngressCore evaluates
    [InlineData("upstream-hash-by", "$")]
    public void Variables_and_injection_in_the_grammars_that_take_specials(string name, string value) =>
        Assert.True(Annotated.Parse((name, value)).HasErrorOn(name));

    [Fact]
    public void A_huge_counted_pattern_is_refused_or_compiled_quickly()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var parsed = Annotated.Parse(
            ("canary", "true"), ("canary-by-header", "X"), ("canary-by-header-pattern", "((a{1000}){1000}){1000}"));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), started.Elapsed.ToString());
        Assert.True(parsed.Result.HasErrors || parsed.Result.Canary!.HeaderPattern is not null || parsed.Result.Canary!.HeaderPatternIsInvalid);
    }

    /// <summary>Suffixes a grammar legitimately admits, where "valid + suffix" may well be valid.</summary>
    private static bool CouldBeValid(string name, string suffix)
    {
        if (suffix == " ")
        {
            // Strings (and sizes) are trimmed as in ingress-nginx; booleans and counts are not.
            return !(Samples.Valid[name] is "true" or "false" || (Samples.Numeric.Contains(name) && name != "proxy-body-size"));
        }

        return name switch
        {
            // Regex syntax; an unbalanced pattern is the "does not compile" outcome (primary), not an error.
            "canary-by-header-pattern" => suffix is "$host" or "${host}" or "$http_authorization" or "{" or "}" or "\\"
                or "|" or "*" or "(" or ")" or "?x" or "=" or "&",
            // ingress-nginx's URL characters extend a URL validly.
            "permanent-redirect" or "temporal-redirect" or "auth-url" or "auth-request-redirect" or "auth-tls-error-page" => suffix is "?x" or "=" or "&" or ",,",
            // The sign-in URL also takes its variables.
            "auth-signin" => suffix is "?x" or "=" or "&" or ",," or "$host",
            // A cache key is variables and [A-Za-z0-9_-].
            "auth-cache-key" => suffix is "$host" or "$http_authorization",
            // A regex, like the canary pattern: these extend it validly.
            "auth-tls-match-cn" => suffix is "$host" or "${host}" or "$http_authorization" or "{" or "}" or "\\"
                or "|" or "*" or "(" or ")" or "?x" or "=" or "&" or " x" or " " or "@evil" or "<" or ">" or "!" or ",,"
                or "%0a" or "%0d%0a",
            // The realm takes spaces.
            "auth-realm" => suffix is " x",
            // A hash key is a run of nginx variables: these are the ones IngressCore evaluates.
            "upstream-hash-by" => suffix is "$host" or "${host}" or "$http_authorization",
            // Lists skip empty entries.
            "custom-http-errors" or "cors-allow-methods" or "cors-allow-headers" or "cors-expose-headers" or "cors-allow-origin"
                or "auth-response-headers" or "auth-cache-duration" => suffix is ",,",
            // ingress-nginx trims each alias of white space, line breaks included (ValidateServerName), and skips empty ones.
            "server-alias" => suffix is ",," or "\n" or "\r" or "\t" or "\u000b",
            // Address lists trim each entry of white space, line breaks included, as ingress-nginx does.
            "allowlist-source-range" or "whitelist-source-range" or "denylist-source-range" or "limit-allowlist" or "limit-whitelist" =>
                suffix is "\n" or "\r" or "\t" or "\u000b",
            _ => false,
        };
    }
}
