using System.Globalization;

namespace IngressCore.Annotations;

/// <summary>
/// One entry of <c>auth-cache-duration</c> (nginx's <c>proxy_cache_valid [code ...] time</c>): how
/// long an auth answer with one of <see cref="Codes"/> is reused. Without codes nginx caches 200,
/// 301 and 302.
/// </summary>
/// <param name="Codes">The statuses.</param>
/// <param name="Duration">How long.</param>
internal sealed record AuthCacheDuration(IReadOnlyList<int> Codes, TimeSpan Duration)
{
    /// <summary>ingress-nginx's default, <c>200 202 401 5m</c>.</summary>
    public static readonly IReadOnlyList<AuthCacheDuration> Default = [new([200, 202, 401], TimeSpan.FromMinutes(5))];

    private static readonly int[] TimeOnlyCodes = [200, 301, 302];

    // nginx keeps a time as seconds in a 32-bit int (ngx_parse_time): about 68 years at most. A
    // longer one is refused here rather than overflowing a TimeSpan.
    private static readonly long LongestMilliseconds = int.MaxValue * 1000L;

    /// <summary>Parses the comma-separated list; returns why it is refused, or <see langword="null"/>.</summary>
    public static string? TryParse(string value, out IReadOnlyList<AuthCacheDuration> durations)
    {
        durations = Default;
        var list = new List<AuthCacheDuration>();
        foreach (var raw in value.Split(','))
        {
            var entry = raw.Trim(' ');
            if (entry.Length == 0)
            {
                continue;
            }

            var codes = new List<int>();
            var totalMilliseconds = 0L;
            var sawTime = false;
            foreach (var element in entry.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (element.Length == 3 && element.All(char.IsAsciiDigit))
                {
                    if (sawTime)
                    {
                        return $"has the status {element} after a time in '{entry}'; write the statuses first, as in '200 202 10m'";
                    }

                    var code = int.Parse(element, CultureInfo.InvariantCulture);
                    if (code is < 100 or > 599)
                    {
                        return $"has the status {element}, outside 100-599";
                    }

                    codes.Add(code);
                    continue;
                }

                var time = ParseTime(element);
                if (time is null)
                {
                    return $"has '{element}', which is neither a status nor a time (digits followed by ms, s, m, h, d, w, M or y)";
                }

                if (time.Value < 0 || totalMilliseconds + time.Value > LongestMilliseconds)
                {
                    return $"has the entry '{entry}' with a time longer than nginx accepts (2147483647s, about 68 years)";
                }

                totalMilliseconds += time.Value;
                sawTime = true;
            }

            if (!sawTime)
            {
                return $"has the entry '{entry}' without a time";
            }

            if (totalMilliseconds == 0)
            {
                return $"has the entry '{entry}' with a zero time";
            }

            list.Add(new AuthCacheDuration(codes.Count == 0 ? TimeOnlyCodes : codes, TimeSpan.FromMilliseconds(totalMilliseconds)));
        }

        if (list.Count > 0)
        {
            durations = list;
        }

        return null;
    }

    /// <summary>How long an answer with <paramref name="status"/> is kept; <see langword="null"/> when it is not cached.</summary>
    public static TimeSpan? For(IReadOnlyList<AuthCacheDuration> durations, int status)
    {
        foreach (var duration in durations)
        {
            if (duration.Codes.Contains(status))
            {
                return duration.Duration;
            }
        }

        return null;
    }

    /// <summary>
    /// nginx's time syntax for one element: digits and a unit (ingress-nginx's
    /// <c>^\d+(ms|s|m|h|d|w|M|y)$</c>), in milliseconds; -1 when it is longer than nginx accepts.
    /// </summary>
    private static long? ParseTime(string element)
    {
        var unitStart = 0;
        while (unitStart < element.Length && char.IsAsciiDigit(element[unitStart]))
        {
            unitStart++;
        }

        if (unitStart == 0)
        {
            return null;
        }

        long? unit = element[unitStart..] switch
        {
            "ms" => 1L,
            "s" => 1_000L,
            "m" => 60_000L,
            "h" => 3_600_000L,
            "d" => 86_400_000L,
            "w" => 7 * 86_400_000L,
            "M" => 30 * 86_400_000L,
            "y" => 365 * 86_400_000L,
            _ => null,
        };

        if (unit is not { } perUnit)
        {
            return null;
        }

        // Compared before multiplying: nine digits of years overflow a long of milliseconds. More
        // digits than a long holds are a time too, just a long one (2147483647s itself has ten).
        return !long.TryParse(element.AsSpan(0, unitStart), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > LongestMilliseconds / perUnit
            ? -1
            : number * perUnit;
    }
}
