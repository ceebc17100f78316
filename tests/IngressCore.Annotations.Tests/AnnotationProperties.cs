using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using IngressCore.Annotations.Tests.Support;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>Properties over generated annotation sets: control characters always refused, nothing ever throws, bad numbers always refused.</summary>
public sealed class AnnotationProperties
{
    /// <summary>Every name IngressCore knows (parsed, unsupported, refused) plus made-up ones.</summary>
    private static readonly string[] Names =
    [
        .. Samples.Valid.Keys, "configuration-snippet", "server-snippet", "auth-url", "auth-type", "proxy-buffer-size",
        "server-alias", "limit-rate", "unknown-thing", "x", "canary-", "-snippet",
    ];

    private static readonly string[] Fragments =
    [
        .. Samples.Valid.Values, "$1", "$host", "/", ":", ",", " ", ";", "{", "}", "\\", "\"", "'", "#", "%0a", "*", "?",
        "-", "+", ".", "e", "0", "9", "2147483648", "https://", "[", "]", "(", ")", "\u00e9", "\uFF11", "\ud83d", "\u2028",
    ];

    private static Gen<char> ControlCharacters =>
        Gen.OneOf(Gen.Choose(0, 0x1F).Select(i => (char)i), Gen.Elements('\u007f', '\u0085', '\u0080', '\u009f'));

    private static Gen<string> Values =>
        Gen.OneOf(
            Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts)),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    public static Arbitrary<(string Name, string Value)[]> AnnotationSets() =>
        (from name in Gen.Elements(Names)
         from value in Values
         select (name, value)).ArrayOf().ToArbitrary();

    public static Arbitrary<(string Name, string Value)> ControlValues() =>
        (from name in Gen.Elements(Names)
         from value in Values
         from control in ControlCharacters
         from at in Gen.Choose(0, 1000)
             // Between two letters: never white space around a list entry, which address lists trim.
         select (name, value.Insert(at % (value.Length + 1), $"x{control}x"))).ToArbitrary();

    [Property(Arbitrary = [typeof(AnnotationProperties)])]
    public void Any_value_with_a_control_character_is_refused((string Name, string Value) annotation)
    {
        var parsed = Annotated.Parse(annotation);

        Assert.True(parsed.HasErrorOn(annotation.Name), $"{annotation.Name}: {Printable(annotation.Value)} was accepted");
        Assert.True(parsed.Result.HasErrors);
        // Refused by the screen, naming the first character it refuses, whatever the annotation.
        Assert.Contains(
            parsed.Errors,
            d => d.Field == Annotated.Field(annotation.Name) && d.Message == $"the value {Samples.ScreenRefusal(annotation.Name, annotation.Value)}");
    }

    [Property(Arbitrary = [typeof(AnnotationProperties)], MaxTest = 300)]
    public void Random_annotations_never_throw_and_errors_mean_refusal((string Name, string Value)[] annotations)
    {
        var distinct = annotations.DistinctBy(a => a.Name).ToArray();

        var parsed = Annotated.Parse(distinct);

        Assert.Equal(parsed.Errors.Any(), parsed.Result.HasErrors);
        Assert.All(parsed.Diagnostics, d => Assert.DoesNotContain(d.ToString(), c => c < ' ' || c > '~'));
    }

    public static Arbitrary<(string Name, string Value)> BadNumbers() =>
        (from name in Gen.Elements(Samples.Numeric.ToArray())
         from n in Gen.Choose(0, 100_000)
         from kind in Gen.Choose(0, 6)
         select (name, kind switch
         {
             0 => "-" + n,
             1 => "+" + n,
             2 => n + "." + (n % 10),
             3 => n + "e" + (n % 5),
             4 => n + "E+2",
             5 => "9" + new string('9', 19 + (n % 5)),          // beyond every integer type used
             _ => "0x" + n.ToString("x", System.Globalization.CultureInfo.InvariantCulture),
         })).ToArbitrary();

    [Property(Arbitrary = [typeof(AnnotationProperties)])]
    public void Numbers_with_signs_fractions_exponents_or_overflow_are_refused((string Name, string Value) annotation) =>
        Assert.True(Annotated.Parse(annotation).HasErrorOn(annotation.Name), $"{annotation.Name}: '{annotation.Value}' was accepted");

    public static Arbitrary<(string Name, int Value)> GoodCounts() =>
        (from name in Gen.Elements("limit-rps", "limit-rpm", "limit-connections", "canary-weight", "cors-max-age", "proxy-read-timeout")
         from n in Gen.Choose(1, int.MaxValue)
         select (name, n)).ToArbitrary();

    [Property(Arbitrary = [typeof(AnnotationProperties)])]
    public void Plain_whole_numbers_are_accepted((string Name, int Value) annotation)
    {
        var parsed = Annotated.Parse(
            ("canary", "true"), ("enable-cors", "true"),
            (annotation.Name, annotation.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.DoesNotContain(parsed.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    private static string Printable(string value) =>
        string.Concat(value.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}
