using System.Text.RegularExpressions;
using IngressCore.Annotations;
using IngressCore.Decisions;

namespace IngressCore.Decisions;

/// <summary>
/// ingress-nginx's per-request canary choice (docs/annotations.md, balancer.lua
/// <c>route_to_alternative_balancer</c>): the header beats the cookie, the cookie beats the weight,
/// and a value that is not decisive falls through to the next rule. Allocates nothing.
/// </summary>
internal static class CanaryDecider
{
    private const string Always = "always";
    private const string Never = "never";

    /// <summary>Decides whether the canary takes a request.</summary>
    /// <typeparam name="TRequest">The request view (a struct view avoids boxing).</typeparam>
    /// <param name="rules">The canary Ingress's rules.</param>
    /// <param name="request">The request.</param>
    /// <param name="random">The weight draw.</param>
    /// <returns>The decision and the rule that made it.</returns>
    public static CanaryDecision Decide<TRequest>(CanaryRules rules, TRequest request, ICanaryRandom random)
        where TRequest : IIngressRequest, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(random);

        if (rules.Header is { } headerName && request.GetHeader(headerName) is { } header)
        {
            if (rules.HeaderValue is { } expected)
            {
                // Exact and case-sensitive; "always"/"never" are just other values here.
                if (string.Equals(header, expected, StringComparison.Ordinal))
                {
                    return new(true, "canary-by-header-value");
                }
            }
            else if (rules.HeaderPatternIsInvalid)
            {
                // A pattern nginx cannot compile ends the evaluation at the primary.
                return new(false, "canary-by-header-pattern");
            }
            else if (rules.HeaderPattern is { } pattern)
            {
                switch (MatchPattern(pattern, header))
                {
                    case true:
                        return new(true, "canary-by-header-pattern");
                    case null:
                        return new(false, "canary-by-header-pattern");
                }
            }
            else if (string.Equals(header, Always, StringComparison.Ordinal))
            {
                return new(true, "canary-by-header");
            }
            else if (string.Equals(header, Never, StringComparison.Ordinal))
            {
                return new(false, "canary-by-header");
            }
        }

        if (rules.Cookie is { } cookieName && request.GetCookie(cookieName) is { } cookie)
        {
            if (string.Equals(cookie, Always, StringComparison.Ordinal))
            {
                return new(true, "canary-by-cookie");
            }

            if (string.Equals(cookie, Never, StringComparison.Ordinal))
            {
                return new(false, "canary-by-cookie");
            }
        }

        // Weight 0 never draws, a weight at or above the total always wins: no draw needed.
        var total = rules.EffectiveWeightTotal;
        var useCanary = rules.Weight > 0 && (rules.Weight >= total || random.Draw(total) <= rules.Weight);
        return new(useCanary, "canary-weight");
    }

    /// <summary>Unanchored, case-sensitive; <see langword="null"/> when the match fails to run (a timeout), which nginx treats as an error.</summary>
    private static bool? MatchPattern(Regex pattern, string header)
    {
        try
        {
            return pattern.IsMatch(header);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
