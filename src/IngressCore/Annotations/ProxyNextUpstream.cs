namespace IngressCore.Annotations;

/// <summary>
/// <c>proxy-next-upstream</c>, <c>proxy-next-upstream-tries</c>, <c>proxy-next-upstream-timeout</c>:
/// when a failed request is passed to another endpoint, how many endpoints are tried in all, and
/// for how long (nginx's <c>proxy_next_upstream*</c>, internal/ingress/annotations/proxy). A member
/// is <see langword="null"/> when its annotation is absent: the forwarder's default applies
/// (ingress-nginx's configmap: <c>error timeout</c>, 3 tries, no time limit).
/// </summary>
/// <remarks>
/// Grammar: <c>proxy-next-upstream</c> is one or more of <c>error</c>, <c>timeout</c>,
/// <c>invalid_header</c>, <c>http_500</c>, <c>http_502</c>, <c>http_503</c>, <c>http_504</c>,
/// <c>http_403</c>, <c>http_404</c>, <c>http_429</c>, <c>non_idempotent</c>, or <c>off</c> alone,
/// separated by single spaces (ingress-nginx's regex); <c>off</c> next to other conditions is an
/// error here (nginx lets <c>off</c> win silently). <c>-tries</c> and <c>-timeout</c> (seconds) are
/// digits; 0 means no limit, as in nginx. ingress-nginx silently keeps its defaults on an invalid
/// value; here it is an error.
/// </remarks>
internal sealed class ProxyNextUpstream
{
    internal const string Name = "proxy-next-upstream";
    internal const string TriesName = "proxy-next-upstream-tries";
    internal const string TimeoutName = "proxy-next-upstream-timeout";

    private static readonly (string Token, NextUpstreamConditions Condition)[] Tokens =
    [
        ("error", NextUpstreamConditions.Error),
        ("timeout", NextUpstreamConditions.Timeout),
        ("invalid_header", NextUpstreamConditions.InvalidHeader),
        ("http_500", NextUpstreamConditions.Http500),
        ("http_502", NextUpstreamConditions.Http502),
        ("http_503", NextUpstreamConditions.Http503),
        ("http_504", NextUpstreamConditions.Http504),
        ("http_403", NextUpstreamConditions.Http403),
        ("http_404", NextUpstreamConditions.Http404),
        ("http_429", NextUpstreamConditions.Http429),
        ("non_idempotent", NextUpstreamConditions.NonIdempotent),
    ];

    private ProxyNextUpstream(NextUpstreamConditions? conditions, int? tries, TimeSpan? timeout)
    {
        Conditions = conditions;
        Tries = tries;
        Timeout = timeout;
    }

    /// <summary><c>proxy-next-upstream</c>; <see cref="NextUpstreamConditions.None"/> for <c>off</c>.</summary>
    public NextUpstreamConditions? Conditions { get; }

    /// <summary><c>proxy-next-upstream-tries</c>: endpoints tried in all, the first included; 0 for no limit.</summary>
    public int? Tries { get; }

    /// <summary><c>proxy-next-upstream-timeout</c>: how long after the first try another may start; <see cref="TimeSpan.Zero"/> for no limit.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Parses the conditions of <c>proxy-next-upstream</c> (also the forwarder's default); returns why not, or <see langword="null"/>.</summary>
    internal static string? ParseConditions(string value, out NextUpstreamConditions conditions)
    {
        conditions = NextUpstreamConditions.None;
        var off = false;
        var count = 0;
        foreach (var range in value.AsSpan().Split(' '))
        {
            var token = value.AsSpan(range);
            if (token.IsEmpty)
            {
                return "has an empty condition; separate the conditions by single spaces";
            }

            count++;
            if (token.SequenceEqual("off"))
            {
                off = true;
                continue;
            }

            var found = false;
            foreach (var (name, condition) in Tokens)
            {
                if (token.SequenceEqual(name))
                {
                    conditions |= condition;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return $"has the condition {AnnotationText.Quote(token.ToString())}; use error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent, or off alone";
            }
        }

        return off && count > 1 ? "combines off with other conditions; use off alone" : null;
    }

    internal static ProxyNextUpstream? Parse(AnnotationReader reader)
    {
        NextUpstreamConditions? conditions = null;
        if (reader.Read(Name) is { } value)
        {
            var problem = ParseConditions(value, out var parsed);
            if (problem is null)
            {
                conditions = parsed;
            }
            else
            {
                reader.Invalid(Name, value, problem);
            }
        }

        var tries = reader.ReadCount(TriesName);
        TimeSpan? timeout = reader.ReadCount(TimeoutName) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        return conditions is null && tries is null && timeout is null ? null : new ProxyNextUpstream(conditions, tries, timeout);
    }
}
