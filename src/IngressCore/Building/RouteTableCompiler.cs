using System.Globalization;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Merges valid Ingresses, oldest first, into virtual hosts and compiles each host's paths.
/// Conflicts go to the older Ingress and the newer one gets a warning (DESIGN §4.1 rules 4-5).
/// </summary>
internal sealed class RouteTableCompiler(List<IngressDiagnostic> diagnostics)
{
    private readonly Dictionary<string, HostBuilder> _hosts = new(StringComparer.Ordinal);
    private readonly List<Route> _routes = [];
    private HostBuilder? _hostless;
    private Route? _catchAll;

    public void Add(IngressDefinition ingress)
    {
        if (ingress.Rules.Count == 0)
        {
            AddCatchAll(ingress);
            return;
        }

        var ingressHosts = new List<HostBuilder>();
        for (var r = 0; r < ingress.Rules.Count; r++)
        {
            var rule = ingress.Rules[r];
            var host = GetHost(string.IsNullOrEmpty(rule.Host) ? null : rule.Host);
            if (!ingressHosts.Contains(host))
            {
                ingressHosts.Add(host);
            }

            for (var p = 0; p < (rule.Paths?.Count ?? 0); p++)
            {
                AddPath(ingress, host, rule.Paths![p], Invariant($"spec.rules[{r}].http.paths[{p}]"));
            }
        }

        if (ingress.DefaultBackend is { } backend)
        {
            foreach (var host in ingressHosts)
            {
                AddHostDefaultBackend(ingress, host, backend);
            }
        }
    }

    public RouteTable Compile(IReadOnlyList<IngressDefinition> accepted, RouteTableOptions options)
    {
        var virtualHosts = _hosts.Values
            .Append(_hostless)
            .OfType<HostBuilder>()
            .Select(h => new VirtualHost(h.Host, h.Paths.Build(), h.DefaultBackend))
            .ToList();
        return new RouteTable(virtualHosts, _catchAll, _routes, accepted, diagnostics, options);
    }

    private void AddPath(IngressDefinition ingress, HostBuilder host, IngressPath path, string field)
    {
        var backend = path.Backend!;
        if (backend.ServiceName is null)
        {
            Warn(ingress, $"{field}.backend", $"resource backend {backend.Resource} is not supported; the path is not served");
            return;
        }

        var text = string.IsNullOrEmpty(path.Path) ? "/" : path.Path;
        var type = path.PathType ?? PathType.Prefix;
        var exact = type == PathType.Exact;
        if (type == PathType.ImplementationSpecific && PathText.LooksLikeRegex(text))
        {
            Warn(ingress, $"{field}.path", $"ImplementationSpecific path '{text}' contains regular-expression characters but is matched as a literal Prefix; regex paths need the nginx.ingress.kubernetes.io/use-regex annotation");
        }

        // ImplementationSpecific is Prefix here, so it collides with a Prefix of the same path.
        var route = new Route(ingress, host.Host, text, type, backend, RouteKind.Path, field);
        var (outcome, other) = host.Paths.Add(text, exact, route);
        if (outcome == PathAddOutcome.Duplicate)
        {
            Warn(ingress, $"{field}.path", $"{HostText(host)} path {text} ({(exact ? "Exact" : "Prefix")}) is already defined by older Ingress {other!.Ingress.QualifiedName}; this one is not served");
            return;
        }

        _routes.Add(route);
        if (outcome == PathAddOutcome.AddedBesideTwin)
        {
            // Prefix "/p" and "/p/" match the same requests and "/p/" always wins.
            var (loser, winner) = text.EndsWith('/') ? (other!, route) : (route, other!);
            Warn(loser.Ingress, $"{loser.Field}.path", $"{HostText(host)} Prefix {loser.Path} is never selected: Prefix {winner.Path} of {winner.Ingress.QualifiedName} matches the same requests and the longer path wins");
        }
    }

    private void AddHostDefaultBackend(IngressDefinition ingress, HostBuilder host, IngressBackend backend)
    {
        if (host.DefaultBackend is { } existing)
        {
            if (!ReferenceEquals(existing.Ingress, ingress))
            {
                Warn(ingress, "spec.defaultBackend", $"{HostText(host)} already takes its default backend from older Ingress {existing.Ingress.QualifiedName}; this one is not used there");
            }

            return;
        }

        if (backend.ServiceName is null)
        {
            Warn(ingress, "spec.defaultBackend", $"resource backend {backend.Resource} is not supported; the default backend is not served");
            return;
        }

        host.DefaultBackend = new Route(ingress, host.Host, "/", PathType.Prefix, backend, RouteKind.HostDefaultBackend, "spec.defaultBackend");
        _routes.Add(host.DefaultBackend);
    }

    private void AddCatchAll(IngressDefinition ingress)
    {
        var backend = ingress.DefaultBackend!;
        if (_catchAll is not null)
        {
            Warn(ingress, "spec.defaultBackend", $"the catch-all default backend is already taken by older Ingress {_catchAll.Ingress.QualifiedName}; this one is not used");
            return;
        }

        if (backend.ServiceName is null)
        {
            Warn(ingress, "spec.defaultBackend", $"resource backend {backend.Resource} is not supported; the default backend is not served");
            return;
        }

        _catchAll = new Route(ingress, null, "/", PathType.Prefix, backend, RouteKind.CatchAll, "spec.defaultBackend");
        _routes.Add(_catchAll);
    }

    private HostBuilder GetHost(string? host)
    {
        if (host is null)
        {
            return _hostless ??= new HostBuilder(null);
        }

        if (!_hosts.TryGetValue(host, out var builder))
        {
            builder = new HostBuilder(host);
            _hosts.Add(host, builder);
        }

        return builder;
    }

    private void Warn(IngressDefinition ingress, string field, string message) =>
        diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Warning, ingress, field, message));

    private static string HostText(HostBuilder host) => host.Host is null ? "host-less rule" : $"host {host.Host}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class HostBuilder(string? host)
    {
        public string? Host { get; } = host;

        public PathTrieBuilder Paths { get; } = new();

        public Route? DefaultBackend { get; set; }
    }
}
