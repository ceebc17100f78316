using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Reference;

/// <summary>
/// A deliberately naive transcription of docs/matching.md, used as the oracle for the compiled
/// <see cref="RouteTable"/>. Every request loops over every path of every served Ingress with
/// string operations and LINQ; there is no index, no trie and no cleverness to get wrong in the
/// same way as the engine.
/// </summary>
/// <remarks>
/// It takes valid Ingresses only (validation is tested separately); class filtering and the
/// "same namespace/name twice" rule are applied by <see cref="Served"/>.
/// </remarks>
internal sealed class ReferenceMatcher
{
    private readonly List<IngressDefinition> _oldestFirst;

    /// <summary>Creates a matcher over Ingresses that are already known to be served.</summary>
    public ReferenceMatcher(IEnumerable<IngressDefinition> served)
    {
        _oldestFirst = [.. served.OrderBy(i => i, ReferenceAge.Instance)];
    }

    /// <summary>
    /// docs/matching.md §1: the Ingresses of the engine's class (legacy annotation first, then
    /// <c>spec.ingressClassName</c>, classless ones unless ignored), minus any namespace/name that
    /// occurs more than once. Validity is assumed.
    /// </summary>
    public static IReadOnlyList<IngressDefinition> Served(IEnumerable<IngressDefinition> ingresses, RouteTableOptions options)
    {
        var all = ingresses.ToList();
        var twice = all.GroupBy(i => i.Namespace + "/" + i.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return [.. all.Where(i => !twice.Contains(i.Namespace + "/" + i.Name) && ClassMatches(i, options))];
    }

    /// <summary>Matches a request the long way round.</summary>
    public ReferenceOutcome Match(string host, string target)
    {
        var path = NormalizePath(target);
        if (path is null)
        {
            return ReferenceOutcome.BadRequest;
        }

        var hostKey = SelectHostKey(host);
        if (hostKey is null)
        {
            return CatchAllOrNotFound();
        }

        var candidates =
            from ingress in _oldestFirst.Select((ingress, age) => (ingress, age))
            from rule in ingress.ingress.Rules.Select((rule, index) => (rule, index))
            where HostKeyOf(rule.rule) == hostKey
            from entry in (rule.rule.Paths ?? []).Select((path, index) => (path, index))
            where entry.path.Backend?.ServiceName is not null
            let text = string.IsNullOrEmpty(entry.path.Path) ? "/" : entry.path.Path
            let type = entry.path.PathType ?? PathType.Prefix
            where PathMatches(text, type, path)
            orderby Elements(text).Length descending,
                type == PathType.Exact descending,
                text.Length > 1 && text.EndsWith('/') descending,
                ingress.age, rule.index, entry.index
            select new ReferenceOutcome(
                RouteMatchStatus.Matched,
                RouteKind.Path,
                ingress.ingress,
                $"spec.rules[{rule.index}].http.paths[{entry.index}]",
                text,
                type,
                entry.path.Backend);

        var winner = candidates.FirstOrDefault();
        if (winner is not null)
        {
            return winner;
        }

        var hostDefault = _oldestFirst.FirstOrDefault(i =>
            i.Rules.Any(r => HostKeyOf(r) == hostKey) && i.DefaultBackend?.ServiceName is not null);
        return hostDefault is not null
            ? new ReferenceOutcome(RouteMatchStatus.DefaultBackend, RouteKind.HostDefaultBackend, hostDefault, "spec.defaultBackend", "/", PathType.Prefix, hostDefault.DefaultBackend)
            : CatchAllOrNotFound();
    }

    /// <summary>
    /// docs/matching.md §3: query and fragment dropped, every %XX decoded, slashes merged, dot
    /// segments resolved; <see langword="null"/> for a 400.
    /// </summary>
    public static string? NormalizePath(string target)
    {
        var cut = target.IndexOfAny(['?', '#']);
        var raw = cut < 0 ? target : target[..cut];
        if (raw.Length == 0)
        {
            raw = "/";
        }

        if (!raw.StartsWith('/'))
        {
            return null;
        }

        var decoded = PercentDecode(raw);
        if (decoded is null)
        {
            return null;
        }

        var parts = decoded.Split('/');
        var kept = new List<string>();
        var trailingSlash = false;
        for (var i = 1; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            switch (parts[i])
            {
                case "" or ".":
                    trailingSlash = last || trailingSlash;
                    break;
                case "..":
                    if (kept.Count == 0)
                    {
                        return null;
                    }

                    kept.RemoveAt(kept.Count - 1);
                    trailingSlash = last || trailingSlash;
                    break;
                default:
                    kept.Add(parts[i]);
                    trailingSlash = false;
                    break;
            }
        }

        return kept.Count == 0 ? "/" : "/" + string.Join('/', kept) + (trailingSlash ? "/" : "");
    }

    /// <summary>
    /// docs/matching.md §2: ASCII lower case, without the port (an IPv6 literal keeps its
    /// brackets) and without one trailing dot.
    /// </summary>
    public static string NormalizeHost(string host)
    {
        string name;
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            name = close < 0 ? host : host[..(close + 1)];
        }
        else
        {
            var colon = host.LastIndexOf(':');
            name = colon < 0 ? host : host[..colon];
        }

        if (name.EndsWith('.'))
        {
            name = name[..^1];
        }

        return new string([.. name.Select(c => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c)]);
    }

    private ReferenceOutcome CatchAllOrNotFound()
    {
        var catchAll = _oldestFirst.FirstOrDefault(i => i.Rules.Count == 0 && i.DefaultBackend?.ServiceName is not null);
        return catchAll is null
            ? ReferenceOutcome.NotFound
            : new ReferenceOutcome(RouteMatchStatus.DefaultBackend, RouteKind.CatchAll, catchAll, "spec.defaultBackend", "/", PathType.Prefix, catchAll.DefaultBackend);
    }

    /// <summary>The virtual host a request host selects: exact, else one-label wildcard, else host-less, else none.</summary>
    private HostKey? SelectHostKey(string requestHost)
    {
        var name = NormalizeHost(requestHost);
        var ruleHosts = _oldestFirst.SelectMany(i => i.Rules).Select(HostKeyOf).Distinct().ToList();
        if (!name.StartsWith("*.", StringComparison.Ordinal) && ruleHosts.Contains(new HostKey(name)))
        {
            return new HostKey(name);
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var firstLabel = name[..dot];
            var parent = name[(dot + 1)..];
            if (parent.Length > 0 && firstLabel.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                var wildcard = new HostKey("*." + parent);
                if (ruleHosts.Contains(wildcard))
                {
                    return wildcard;
                }
            }
        }

        return ruleHosts.Contains(HostKey.Hostless) ? HostKey.Hostless : null;
    }

    private static HostKey HostKeyOf(IngressRule rule) =>
        string.IsNullOrEmpty(rule.Host) ? HostKey.Hostless : new HostKey(rule.Host);

    private static bool PathMatches(string routePath, PathType type, string requestPath) =>
        type == PathType.Exact
            ? routePath == requestPath
            : Elements(routePath) is var prefix && Elements(requestPath) is var request &&
              prefix.Length <= request.Length && prefix.SequenceEqual(request.Take(prefix.Length), StringComparer.Ordinal);

    private static string[] Elements(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Decodes every %XX into the byte it names (as a char); null for a bad escape or a control character.</summary>
    private static string? PercentDecode(string raw)
    {
        var result = new System.Text.StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%')
            {
                if (IsControl(raw[i]))
                {
                    return null;
                }

                result.Append(raw[i]);
                continue;
            }

            if (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2]))
            {
                return null;
            }

            var value = (char)Convert.ToByte(raw.Substring(i + 1, 2), 16);
            if (IsControl(value))
            {
                return null;
            }

            result.Append((char)value);
            i += 2;
        }

        return result.ToString();
    }

    /// <summary>
    /// A control character is one of US-ASCII's: 0x00-0x1F and 0x7F. Decoded bytes from 0x80 up
    /// are pieces of UTF-8 sequences (U+65E5 is E6 97 A5), not C1 controls; a raw U+0080-U+009F
    /// is treated the same way, so that a path means the same raw and percent-encoded.
    /// </summary>
    private static bool IsControl(char c) => c < ' ' || c == '\u007f';

    private static bool ClassMatches(IngressDefinition ingress, RouteTableOptions options)
    {
        if (ingress.Annotations.TryGetValue("kubernetes.io/ingress.class", out var legacy) && legacy.Length > 0)
        {
            return legacy == options.IngressClass;
        }

        if (!string.IsNullOrEmpty(ingress.IngressClassName))
        {
            return ingress.IngressClassName == options.IngressClass;
        }

        return !options.IgnoreClassless;
    }

    /// <summary>A virtual host: a rule host as written, or the host-less rules (null).</summary>
    private readonly record struct HostKey(string? Name)
    {
        public static readonly HostKey Hostless = new(null);
    }
}
