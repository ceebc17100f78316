using System.Text.RegularExpressions;

namespace IngressCore.Annotations;

/// <summary>
/// <c>canary: "true"</c> and its traffic rules (docs/annotations.md): which requests go to
/// this Ingress's Service instead of the primary's. Header beats cookie beats weight.
/// </summary>
/// <remarks>
/// Grammars: <c>canary</c> a Go boolean; <c>canary-by-header</c> and <c>canary-by-cookie</c> names of
/// letters, digits and <c>- . _ ~</c>; <c>canary-by-header-value</c> <c>[-._~a-zA-Z0-9/:]+</c>;
/// <c>canary-by-header-pattern</c> that set plus <c>^$[](){}*+?|&amp;=\</c>, compiled at build time
/// (non-backtracking when the pattern allows it, otherwise with a match timeout);
/// <c>canary-weight</c> and <c>canary-weight-total</c> whole numbers. ingress-nginx silently drops an
/// invalid canary value, which can turn a canary Ingress into a primary; here it is an error. A
/// pattern that does not compile is not an error: as in ingress-nginx, a request carrying the header
/// then goes to the primary.
/// </remarks>
internal sealed class CanaryRules
{
    internal const string CanaryName = "canary";
    internal const string HeaderName = "canary-by-header";
    internal const string HeaderValueName = "canary-by-header-value";
    internal const string HeaderPatternName = "canary-by-header-pattern";
    internal const string CookieName = "canary-by-cookie";
    internal const string WeightName = "canary-weight";
    internal const string WeightTotalName = "canary-weight-total";

    /// <summary>The default <c>canary-weight-total</c>, which is also the smallest one ingress-nginx uses.</summary>
    public const int DefaultWeightTotal = 100;

    private const int MaxPatternLength = 1024;
    private const string PatternSpecials = "^$[](){}*+?|&=\\";
    private static readonly string[] RuleNames = [HeaderName, HeaderValueName, HeaderPatternName, CookieName, WeightName, WeightTotalName];

    private CanaryRules()
    {
    }

    /// <summary>How long one <see cref="HeaderPattern"/> match may run when the pattern needs backtracking; a timeout counts as a pattern error.</summary>
    public static TimeSpan PatternMatchTimeout { get; } = TimeSpan.FromMilliseconds(25);

    /// <summary><c>canary-by-header</c>: the request header consulted first, or <see langword="null"/>.</summary>
    public string? Header { get; private init; }

    /// <summary><c>canary-by-header-value</c>: the header value (exact, case-sensitive) that selects the canary; when set, <c>always</c>/<c>never</c> and the pattern are not consulted.</summary>
    public string? HeaderValue { get; private init; }

    /// <summary><c>canary-by-header-pattern</c> as written, or <see langword="null"/>.</summary>
    public string? HeaderPatternText { get; private init; }

    /// <summary>
    /// The compiled <c>canary-by-header-pattern</c> (case-sensitive, unanchored, as PCRE in
    /// ingress-nginx), or <see langword="null"/> when absent or when it does not compile
    /// (<see cref="HeaderPatternIsInvalid"/>).
    /// </summary>
    public Regex? HeaderPattern { get; private init; }

    /// <summary>
    /// Whether <c>canary-by-header-pattern</c> is set but does not compile: a request carrying the
    /// header then goes to the primary, without consulting the cookie or the weight
    /// (docs/annotations.md).
    /// </summary>
    public bool HeaderPatternIsInvalid { get; private init; }

    /// <summary><c>canary-by-cookie</c>: the cookie consulted after the header (<c>always</c>/<c>never</c>), or <see langword="null"/>.</summary>
    public string? Cookie { get; private init; }

    /// <summary><c>canary-weight</c> (default 0): requests drawn at random go to the canary when a draw of 1..<see cref="EffectiveWeightTotal"/> is at most this.</summary>
    public int Weight { get; private init; }

    /// <summary><c>canary-weight-total</c> as written (default <see cref="DefaultWeightTotal"/>).</summary>
    public int WeightTotal { get; private init; } = DefaultWeightTotal;

    /// <summary>The total the draw uses: ingress-nginx ignores a <c>canary-weight-total</c> below 100.</summary>
    public int EffectiveWeightTotal => Math.Max(DefaultWeightTotal, WeightTotal);

    internal static CanaryRules? Parse(AnnotationReader reader)
    {
        var enabled = reader.ReadBool(CanaryName);
        var header = ReadName(reader, HeaderName);
        var value = ReadHeaderValue(reader);
        var pattern = ReadPattern(reader);
        var cookie = ReadName(reader, CookieName);
        var weight = reader.ReadCount(WeightName);
        var total = reader.ReadCount(WeightTotalName);

        if (enabled != true)
        {
            foreach (var name in RuleNames.Where(reader.Has))
            {
                reader.Warning(name, "ignored: this Ingress is not a canary (canary is not \"true\"), as in ingress-nginx");
            }

            return null;
        }

        var (regex, invalid) = pattern is null ? (null, false) : CompilePattern(reader, pattern, header);
        if (header is null)
        {
            foreach (var name in new[] { HeaderValueName, HeaderPatternName }.Where(reader.Has))
            {
                reader.Warning(name, "ignored: canary-by-header is not set");
            }
        }
        else if (value is not null && pattern is not null)
        {
            reader.Warning(HeaderPatternName, "ignored: canary-by-header-value is also set and takes precedence, as in ingress-nginx");
        }

        if (total < DefaultWeightTotal)
        {
            reader.Warning(WeightTotalName, $"is below {DefaultWeightTotal}; ingress-nginx ignores it and draws from 1..{DefaultWeightTotal}, and so does IngressCore");
        }

        return new CanaryRules
        {
            Header = header,
            HeaderValue = value,
            HeaderPatternText = pattern,
            HeaderPattern = regex,
            HeaderPatternIsInvalid = invalid,
            Cookie = cookie,
            Weight = weight ?? 0,
            WeightTotal = total ?? DefaultWeightTotal,
        };
    }

    private static string? ReadName(AnnotationReader reader, string name)
    {
        var value = reader.Read(name);
        if (value is not null && value.AsSpan().ContainsAnyExcept(BasicChars.Name))
        {
            reader.Invalid(name, value, "is not a header or cookie name; use letters, digits and - . _ ~");
            return null;
        }

        return value;
    }

    private static string? ReadHeaderValue(AnnotationReader reader)
    {
        var value = reader.Read(HeaderValueName);
        if (value is not null && value.AsSpan().ContainsAnyExcept(BasicChars.Set))
        {
            reader.Invalid(HeaderValueName, value, "may only contain letters, digits and - . _ ~ / :");
            return null;
        }

        return value;
    }

    /// <summary>The pattern's characters (ingress-nginx's <c>IsValidRegex</c> set) and length, checked whether or not this is a canary.</summary>
    private static string? ReadPattern(AnnotationReader reader)
    {
        var pattern = reader.Read(HeaderPatternName, allowed: "{}\\$");
        if (pattern is null)
        {
            return null;
        }

        foreach (var c in pattern)
        {
            if (!NginxGrammar.IsBasic(c) && !PatternSpecials.Contains(c, StringComparison.Ordinal))
            {
                reader.Invalid(HeaderPatternName, pattern, $"has the character '{c}'; a pattern may use letters, digits, - . _ ~ / : and ^$[](){{}}*+?|&=\\");
                return null;
            }
        }

        if (pattern.Length > MaxPatternLength)
        {
            reader.Invalid(HeaderPatternName, pattern, $"is longer than {MaxPatternLength} characters");
            return null;
        }

        return pattern;
    }

    private static (Regex? Regex, bool Invalid) CompilePattern(AnnotationReader reader, string pattern, string? header)
    {
        try
        {
            try
            {
                // Linear in the header's length (which Kestrel's limits bound), so no timeout: one would
                // only misroute the first requests after a reload on a busy machine, while the
                // engine builds its automaton.
                return (new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout), false);
            }
            catch (NotSupportedException)
            {
                // Backreferences, lookarounds and atomic groups need backtracking; the timeout bounds it.
                return (new Regex(pattern, RegexOptions.CultureInvariant, PatternMatchTimeout), false);
            }
        }
        catch (ArgumentException e)
        {
            reader.Warning(
                HeaderPatternName,
                $"does not compile ({AnnotationText.Quote(e.Message)}); as in ingress-nginx, a request carrying the header {AnnotationText.Quote(header ?? "(none)")} then goes to the primary without consulting the cookie or the weight");
            return (null, true);
        }
    }

}
