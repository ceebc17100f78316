using System.Text;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Decisions;
using IngressCore.IntegrationTests.Support;
using IngressCore.Matching;
using IngressCore.Tls;

namespace IngressCore.IntegrationTests.Nginx;

/// <summary>A request of the differential suite: the Host header and the request-target, sent byte for byte.</summary>
public sealed record Probe(string Host, string Target)
{
    public override string ToString() => $"GET {Target} Host: {Host}";
}

/// <summary>
/// How a request was answered, in a form both sides produce: <c>route ID TARGET</c> (a backend got
/// the request-target), <c>default</c> (no path took it and no default backend is configured: the
/// host's root location, 404 in ingress-nginx), <c>redirect CODE LOCATION</c> or <c>status CODE</c>.
/// </summary>
internal sealed record Outcome(string Text)
{
    public const string Default = "default";

    public static Outcome Route(string id, string target) => new($"route {id} {target}");

    public static Outcome Redirect(int code, string? location) => new($"redirect {code} {location}");

    public static Outcome Status(int code) => new($"status {code}");

    /// <summary>nginx's answer: the echo body names the route and the request-target the upstream received.</summary>
    public static Outcome OfNginx(CurlResponse response)
    {
        if (response.Status == 200)
        {
            var body = response.Body.TrimEnd('\n');
            var space = body.IndexOf(' ', StringComparison.Ordinal);
            var id = space < 0 ? body : body[..space];
            return id == IngressNginxRenderer.DefaultBackendMarker ? new(Default) : Route(id, body[(space + 1)..]);
        }

        return response.Status is 301 or 302 or 303 or 307 or 308
            ? Redirect(response.Status, response.Header("Location"))
            : Status(response.Status);
    }

    /// <summary>IngressCore's decision in the same form.</summary>
    public static Outcome OfIngressCore(IngressDecision decision) => decision.Kind switch
    {
        IngressDecisionKind.Backend => Route(decision.Route!.IngressName + ":" + decision.Route.Field, decision.UpstreamTarget!),
        IngressDecisionKind.Redirect => Redirect(decision.StatusCode, decision.Location),
        // Without a default backend ingress-nginx's root location answers 404 from its internal server.
        _ when decision.StatusCode == 404 => new(Default),
        _ => Status(decision.StatusCode),
    };

    public override string ToString() => Text;
}

/// <summary>
/// A difference between ingress-nginx and IngressCore that IngressCore makes on purpose and
/// documents (docs/matching.md §5 "Differences from ingress-nginx, on purpose").
/// </summary>
internal enum KnownDifference
{
    /// <summary>
    /// docs/matching.md §5, first row: Prefix <c>/foo/</c> and the request <c>/foo</c>. nginx's
    /// location <c>/foo/</c> answers 301 to <c>/foo/</c> (nginx's auto-redirect); IngressCore
    /// follows the Kubernetes spec and routes it.
    /// </summary>
    PrefixWithTrailingSlashMatchesWithoutIt,

    /// <summary>
    /// docs/matching.md §5, second row: Exact <c>/foo/</c> and the request <c>/foo</c>. nginx's
    /// location <c>= /foo/</c> auto-redirects to <c>/foo/</c> as well; IngressCore follows the
    /// Kubernetes spec (Exact is exact) and the request goes where it would without that path.
    /// </summary>
    ExactWithTrailingSlashDoesNotMatchWithoutIt,

    /// <summary>
    /// docs/matching.md §5, third row: a request no path takes, on a host (or the host-less rules)
    /// that several Ingresses share. ingress-nginx takes the root location's backend from the
    /// Ingress that created the server only (the oldest), and for the host-less rules from a
    /// catch-all Ingress only; IngressCore takes the oldest Ingress of the host that has a
    /// <c>spec.defaultBackend</c>. Both answer with a default backend, or 404, not a path.
    /// </summary>
    HostDefaultBackendFromAnotherIngress,
}

/// <summary>One request's two answers.</summary>
internal sealed record Comparison(Probe Probe, Outcome Nginx, Outcome IngressCore, KnownDifference? Known)
{
    public bool Agrees => Nginx == IngressCore;

    public override string ToString() =>
        $"{Probe}\n    nginx:       {Nginx}\n    IngressCore: {IngressCore}{(Known is { } k ? $"  (known: {k})" : "")}";
}

/// <summary>
/// Runs requests through a real nginx configured by <see cref="IngressNginxRenderer"/> and through
/// <see cref="IngressRequestDecider"/> on the same Ingresses, and pairs the answers.
/// </summary>
internal static class NginxDifferential
{
    private static readonly IngressRequestDecider Decider = new();

    /// <summary>Starts one nginx for the table, sends every probe, stops it.</summary>
    public static async Task<Report> RunAsync(IReadOnlyList<IngressDefinition> ingresses, IReadOnlyList<Probe> probes)
    {
        var table = RouteTable.Build(ingresses);
        var certificates = SniCertificateStore.Build(table.Ingresses, []);
        string? config = null;
        await using var nginx = await NginxInstance.StartAsync((port, echo, directory) =>
            config = IngressNginxRenderer.Render(ingresses, port, echo, directory));

        var comparisons = new List<Comparison>(probes.Count);
        foreach (var probe in probes)
        {
            var response = await RawHttp.SendAsync(
                nginx.Port, $"GET {probe.Target} HTTP/1.1\r\nHost: {probe.Host}\r\nConnection: close\r\n\r\n");
            var fromNginx = Outcome.OfNginx(response);
            var decision = Decider.Decide(table, certificates, new Request(probe.Host, probe.Target));
            var fromCore = Outcome.OfIngressCore(decision);
            comparisons.Add(new Comparison(probe, fromNginx, fromCore, fromNginx == fromCore ? null : Classify(table, probe, response, fromNginx, decision)));
        }

        return new Report(ingresses, table, config!, comparisons);
    }

    /// <summary>Names the documented difference a disagreement is, or <see langword="null"/> when it is none of them.</summary>
    private static KnownDifference? Classify(RouteTable table, Probe probe, CurlResponse nginx, Outcome fromNginx, IngressDecision decision)
    {
        // nginx's auto-redirect names the location ("/foo/"), made absolute with the Host (no port,
        // port_in_redirect off), the query kept; IngressCore matched the Prefix route of that path
        // (and then applied its policies: a backend, or that route's own redirect). The
        // auto-redirect happens when nginx selects the location, before any rewrite-phase redirect.
        if (nginx.Status == 301
            && decision.Match is { Status: RouteMatchStatus.Matched, Route: { Kind: RouteKind.Path, PathType: not PathType.Exact } route }
            && route.Path.EndsWith('/')
            && nginx.Header("Location") == $"http://{HostWithoutPort(probe.Host)}{route.Path}{QueryPart(probe.Target)}")
        {
            return KnownDifference.PrefixWithTrailingSlashMatchesWithoutIt;
        }

        // The same auto-redirect from an Exact location "= /foo/": IngressCore did not take that
        // route (Exact is exact), so the request went elsewhere.
        var host = HostWithoutPort(probe.Host);
        var exact = nginx.Status == 301
            ? table.Routes.FirstOrDefault(r => r.PathType == PathType.Exact && r.Path.Length > 1 && r.Path.EndsWith('/')
                && (r.Host is null || r.Host == host)
                && nginx.Header("Location") == $"http://{host}{r.Path}{QueryPart(probe.Target)}")
            : null;
        if (exact is not null && !ReferenceEquals(decision.Route, exact))
        {
            return KnownDifference.ExactWithTrailingSlashDoesNotMatchWithoutIt;
        }

        // No path took the request on either side, and each answered with a host default backend
        // or 404, from different Ingresses.
        // IngressCore's side must be its own documented rule (docs/matching.md §4 item 1): the
        // oldest Ingress with rules on the host (host-less rules for an unknown host) that has one.
        if (IsDefaultOrHostDefaultBackend(fromNginx)
            && (decision.Match.Status == RouteMatchStatus.NotFound
                || (decision.Match.Status == RouteMatchStatus.DefaultBackend && decision.Kind == IngressDecisionKind.Backend))
            && decision.Route?.IngressName == OldestWithDefaultBackend(table, host)?.Name)
        {
            return KnownDifference.HostDefaultBackendFromAnotherIngress;
        }

        return null;
    }

    /// <summary>The Ingress whose spec.defaultBackend IngressCore's rule gives a request for <paramref name="host"/> that no path takes.</summary>
    private static IngressDefinition? OldestWithDefaultBackend(RouteTable table, string host)
    {
        var known = table.Ingresses.Any(i => i.Rules.Any(r => r.Host == host));
        return table.Ingresses
            .Where(i => i.DefaultBackend is not null && i.Rules.Any(r => known ? r.Host == host : string.IsNullOrEmpty(r.Host)))
            .OrderBy(i => i.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(i => i.QualifiedName, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Whether nginx answered from a server's root location: the default backend (404) or an Ingress's spec.defaultBackend.</summary>
    private static bool IsDefaultOrHostDefaultBackend(Outcome outcome) =>
        outcome.Text == Outcome.Default
        || (outcome.Text.Split(' ') is ["route", var id, ..] && id.EndsWith(":spec.defaultBackend", StringComparison.Ordinal));

    private static string HostWithoutPort(string host) => host.Split(':')[0].TrimEnd('.').ToLowerInvariant();

    private static string QueryPart(string target) => target.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? target[q..] : "";

    /// <summary>The request as the decider reads it: plain HTTP on port 80, no headers or cookies that matter here.</summary>
    private readonly struct Request(string host, string target) : IIngressRequest
    {
        public string Scheme => "http";

        public string Host => host;

        public string Target => target;

        public int ServerPort => 80;

        public string? ForwardedHost => null;

        public string? GetHeader(string name) => null;

        public string? GetCookie(string name) => null;
    }

    /// <summary>The answers of one table, with what a failure message needs to reproduce it.</summary>
    internal sealed record Report(IReadOnlyList<IngressDefinition> Ingresses, RouteTable Table, string Config, IReadOnlyList<Comparison> Comparisons)
    {
        public IEnumerable<Comparison> Unexplained => Comparisons.Where(c => !c.Agrees && c.Known is null);

        public string Describe(IEnumerable<Comparison> comparisons)
        {
            var text = new StringBuilder();
            foreach (var comparison in comparisons)
            {
                text.AppendLine(comparison.ToString());
            }

            text.AppendLine("Ingresses (oldest first):");
            foreach (var ingress in Ingresses.OrderBy(i => i.CreationTimestamp))
            {
                text.AppendLine("  " + DescribeIngress(ingress));
            }

            foreach (var diagnostic in Table.Diagnostics)
            {
                text.AppendLine("  diagnostic: " + diagnostic);
            }

            text.AppendLine("nginx.conf:").AppendLine(Config);
            return text.ToString();
        }

        private static string DescribeIngress(IngressDefinition ingress)
        {
            var annotations = string.Join(", ", ingress.Annotations.Select(a => $"{a.Key.Replace("nginx.ingress.kubernetes.io/", "", StringComparison.Ordinal)}={a.Value}"));
            var rules = string.Join("; ", ingress.Rules.Select(r =>
                $"{r.Host ?? "*"}: " + string.Join(", ", (r.Paths ?? []).Select(p => $"{p.PathType} {p.Path}"))));
            return $"{ingress.Name} [{annotations}] {rules}";
        }
    }
}
