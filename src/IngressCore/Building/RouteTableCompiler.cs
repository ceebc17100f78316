using System.Globalization;
using IngressCore.Annotations;
using IngressCore.Diagnostics;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Merges valid Ingresses, oldest first, into virtual hosts and compiles each host's paths.
/// Conflicts go to the older Ingress and the newer one gets a warning (docs/matching.md rules 4-5).
/// Canary Ingresses come last and attach to the routes they shadow (<see cref="CanaryAttacher"/>);
/// a host that any of its locations puts in regex mode gets its ordered regex locations
/// (<see cref="RegexLocationsBuilder"/>).
/// </summary>
internal sealed class RouteTableCompiler(List<IngressDiagnostic> diagnostics)
{
    private readonly Dictionary<string, HostBuilder> _hosts = new(StringComparer.Ordinal);
    private readonly List<Route> _routes = [];
    private readonly List<IngressRouteSpecs> _canaries = [];
    private readonly Dictionary<string, string> _aliasOwners = new(StringComparer.Ordinal);
    private HostBuilder? _hostless;
    private Route? _catchAll;

    public void Add(IngressAnnotations policies, IngressRouteSpecs specs)
    {
        if (policies.IsCanary)
        {
            // Canaries make no hosts or locations; they attach once every primary is known (docs/annotations.md).
            _canaries.Add(specs);
            return;
        }

        foreach (var name in specs.Hosts)
        {
            var host = GetHost(name);

            // The root location carries the annotations of the host's first Ingress (docs/matching.md).
            host.RootPolicies ??= policies;
            host.FromToWww |= policies.FromToWwwRedirect == true;

            // Server-level in ingress-nginx: the first Ingress of the host that sets them, oldest first.
            host.ClientCertificates ??= policies.ClientCertificates;
            if (name is not null && host.Aliases is null && policies.ServerAliases is { } aliases)
            {
                host.Aliases = aliases;
                host.AliasesFrom = specs.Routes.FirstOrDefault()?.Ingress;
            }
        }

        foreach (var spec in specs.Routes)
        {
            switch (spec.Kind)
            {
                case RouteKind.Path:
                    AddPath(spec, GetHost(spec.Host));
                    break;
                case RouteKind.HostDefaultBackend:
                    AddHostDefaultBackend(spec, GetHost(spec.Host));
                    break;
                default:
                    AddCatchAll(spec);
                    break;
            }
        }
    }

    public RouteTable Compile(IReadOnlyList<(IngressDefinition Ingress, IngressAnnotations Policies, IngressRouteSpecs Routes)> accepted)
    {
        var hosts = _hosts.Values.Append(_hostless).OfType<HostBuilder>().ToList();
        new CanaryAttacher(diagnostics, _routes, _catchAll).Attach(_canaries, host => FindHost(host)?.Routes);

        var virtualHosts = new List<VirtualHost>(hosts.Count);
        foreach (var host in hosts)
        {
            // The host-less rules live in nginx's "_" server, whose root location is the catch-all.
            var rootPolicies = host.Host is null ? _catchAll?.Policies : host.RootPolicies;
            var regex = RegexLocationsBuilder.IsRegexMode(host.Routes, rootPolicies)
                ? RegexLocationsBuilder.Build(host.Routes)
                : null;
            if (regex is null)
            {
                WarnLiteralRegexPaths(host);
                foreach (var (loser, winner) in host.Twins)
                {
                    Warn(loser.Ingress, $"{loser.Field}.path", $"{HostText(host)} Prefix {loser.Path} is never selected: Prefix {winner.Path} of {winner.Ingress.QualifiedName} matches the same requests and the longer path wins");
                }
            }
            else
            {
                WarnRegexModeBystanders(host);
                foreach (var route in host.Routes.Where(r => r.PathType == PathType.Exact && r.Path == "/"))
                {
                    Warn(route.Ingress, $"{route.Field}.path", $"{HostText(host)} is in regex mode, where Exact / is never selected: the root location ^/ comes first and takes every request no other path takes (as in ingress-nginx)");
                }
            }

            virtualHosts.Add(new VirtualHost(host.Host, host.Paths.Build(), host.DefaultBackend)
            {
                Regex = regex,
                RootPolicies = rootPolicies ?? IngressAnnotations.None,
                AppRoot = AppRootOf(host.Routes, rootPolicies),
                ClientCertificates = host.ClientCertificates,
                Aliases = AliasesOf(host),
            });
        }

        AddWwwRedirects(hosts, virtualHosts);

        // By reference: the table hands back the very objects it accepted (IngressDefinition is a record).
        var policies = accepted.ToDictionary(a => a.Ingress, a => a.Policies, (IEqualityComparer<IngressDefinition>)ReferenceEqualityComparer.Instance);
        return new RouteTable(virtualHosts, _catchAll, _routes, [.. accepted.Select(a => a.Ingress)], policies, diagnostics);
    }

    /// <summary>
    /// The host's <c>server-alias</c> names that are served: not the host itself, not a host of its
    /// own (a rule host wins, as nginx's exact server name does), not an alias an older host already
    /// took; each dropped alias is reported.
    /// </summary>
    private List<string> AliasesOf(HostBuilder host)
    {
        var served = new List<string>();
        if (host.Aliases is not { } aliases)
        {
            return served;
        }

        foreach (var alias in aliases)
        {
            if (alias == host.Host)
            {
                continue;
            }

            if (_hosts.ContainsKey(alias))
            {
                WarnAlias(host, alias, $"server-alias {alias} of host {host.Host} is a host of its own (a rule of an Ingress names it); the alias is not used");
            }
            else if (_aliasOwners.TryGetValue(alias, out var owner))
            {
                WarnAlias(host, alias, $"server-alias {alias} of host {host.Host} is already an alias of host {owner}; the older host keeps it");
            }
            else
            {
                _aliasOwners[alias] = host.Host!;
                served.Add(alias);
            }
        }

        return served;
    }

    private void WarnAlias(HostBuilder host, string alias, string message)
    {
        if (host.AliasesFrom is { } ingress)
        {
            Warn(ingress, "metadata.annotations", message);
        }
        else
        {
            diagnostics.Add(new IngressDiagnostic { Severity = DiagnosticSeverity.Warning, Kind = "Ingress", Message = message + " (" + alias + ")" });
        }
    }

    /// <summary>
    /// from-to-www-redirect (docs/annotations.md): the twin host (<c>www.h</c> for
    /// <c>h</c>, <c>h</c> for <c>www.h</c>) becomes a server of its own that redirects to the host,
    /// unless a rule already defines the twin.
    /// </summary>
    private void AddWwwRedirects(List<HostBuilder> hosts, List<VirtualHost> virtualHosts)
    {
        var empty = new PathTrieBuilder().Build();
        foreach (var host in hosts)
        {
            if (!host.FromToWww || host.Host is not { } name || name.StartsWith("*.", StringComparison.Ordinal))
            {
                continue;
            }

            var twin = name.StartsWith("www.", StringComparison.Ordinal) ? name[4..] : "www." + name;
            if (_hosts.ContainsKey(twin) || _aliasOwners.ContainsKey(twin) || virtualHosts.Any(v => v.Host == twin))
            {
                var owner = host.Routes.FirstOrDefault()?.Ingress;
                if (owner is not null)
                {
                    Warn(owner, "metadata.annotations", $"from-to-www-redirect: host {twin} is defined by a rule of its own, so it is not redirected to {name}");
                }

                continue;
            }

            virtualHosts.Add(new VirtualHost(twin, empty, null) { RedirectToHost = name });
        }
    }

    /// <summary>
    /// Regex mode is host-wide (docs/matching.md): an Ingress that asked for nothing sees its Exact and
    /// Prefix paths become start-anchored, case-insensitive regexes because another Ingress of the
    /// host sets use-regex or rewrite-target. ingress-nginx does this silently; say so.
    /// </summary>
    private void WarnRegexModeBystanders(HostBuilder host)
    {
        static bool Asks(Route route) => route.Policies.UseRegex == true || route.Rewrites;
        var trigger = host.Routes.FirstOrDefault(Asks)?.Ingress;
        foreach (var route in host.Routes.Where(r => !Asks(r)).DistinctBy(r => r.Ingress))
        {
            if (route.Ingress.Rules.SelectMany(r => r.Paths ?? []).Any(p => PathText.TypeOf(p) is PathType.Prefix or PathType.Exact))
            {
                var cause = trigger is null ? "its first Ingress's root location" : $"Ingress {trigger.QualifiedName}";
                Warn(route.Ingress, "spec.rules", $"{HostText(host)} is in regex mode ({cause} sets use-regex or rewrite-target, as in ingress-nginx), so this Ingress's Exact and Prefix paths are matched as case-insensitive regexes anchored at the start: /foo also takes /foobar and /FOO");
            }
        }
    }

    /// <summary>
    /// The host's app-root. nginx.tmpl writes the app-root <c>if ($uri = /)</c> into the server
    /// block before each location that carries one, in location order (longest path first, equal
    /// lengths in reverse ordinal order, then declaration order, docs/matching.md), so the first such location
    /// decides (docs/annotations.md), not the oldest Ingress. The root location "/" comes first among the "/"
    /// locations: a Prefix "/" route when there is one (it replaces the root location), else the
    /// root location with the host's first Ingress's annotations.
    /// </summary>
    private static AppRoot? AppRootOf(List<Route> routes, IngressAnnotations? rootPolicies)
    {
        // Most hosts have none: skip the ordering (a large table builds thousands of hosts).
        if (rootPolicies?.AppRoot is null && !routes.Exists(r => r.Policies.AppRoot is not null))
        {
            return null;
        }

        // The root location is declared before every path, so the stable order keeps it first.
        var root = routes.FirstOrDefault(r => r.Path == "/" && r.PathType != PathType.Exact);
        var locations = routes
            .Where(r => r != root)
            .Select(r => (r.Path, r.Policies.AppRoot))
            .Prepend((Path: "/", (root?.Policies ?? rootPolicies)?.AppRoot));
        return RegexLocationsBuilder.InLocationOrder(locations, l => l.Path)
            .Select(l => l.AppRoot)
            .FirstOrDefault(a => a is not null);
    }

    private void WarnLiteralRegexPaths(HostBuilder host)
    {
        foreach (var route in host.Routes)
        {
            if (route.PathType == PathType.ImplementationSpecific && PathText.LooksLikeRegex(route.Path))
            {
                Warn(route.Ingress, $"{route.Field}.path", $"ImplementationSpecific path '{route.Path}' contains regular-expression characters but is matched as a literal Prefix; regex paths need the nginx.ingress.kubernetes.io/use-regex annotation (or a rewrite-target) on an Ingress of {HostText(host)}");
            }
        }
    }

    private HostBuilder? FindHost(string? host) =>
        host is null ? _hostless : _hosts.GetValueOrDefault(host);

    private void AddPath(RouteSpec spec, HostBuilder host)
    {
        var (ingress, field, text, type) = (spec.Ingress, spec.Origin.Field, spec.Path, spec.PathType);
        if (spec.Backend.ServiceName is null)
        {
            Warn(ingress, $"{field}.backend", $"resource backend {spec.Backend.Resource} is not supported; the path is not served");
            return;
        }

        // ImplementationSpecific is Prefix here, so it collides with a Prefix of the same path.
        var exact = type == PathType.Exact;
        var route = spec.ToRoute(rewriteRegex: NeedsRewrite(spec.Policies, text) ? PathRegex.Rewrite(text) : null);
        var (outcome, other) = host.Paths.Add(text, exact, route);
        if (outcome == PathAddOutcome.Duplicate)
        {
            Warn(ingress, $"{field}.path", $"{HostText(host)} path {text} ({(exact ? "Exact" : "Prefix")}) is already defined by older Ingress {other!.Origin.QualifiedName}; this one is not served");
            return;
        }

        _routes.Add(route);
        host.Routes.Add(route);
        if (outcome == PathAddOutcome.AddedBesideTwin)
        {
            // Prefix "/p" and "/p/" match the same requests and "/p/" always wins (in plain mode:
            // the warning waits until the host's mode is known).
            host.Twins.Add(text.EndsWith('/') ? (other!, route) : (route, other!));
        }
    }

    /// <summary>
    /// ingress-nginx's <c>needsRewrite</c>: a rewrite-target that differs from the path, compared
    /// before Prefix normalisation, so <c>rewrite-target: /</c> on path <c>/</c> is no rewrite (docs/annotations.md).
    /// </summary>
    internal static bool NeedsRewrite(IngressAnnotations policies, string path) =>
        policies.RewriteTarget is { } target && !string.Equals(target.Value, path, StringComparison.Ordinal);

    private void AddHostDefaultBackend(RouteSpec spec, HostBuilder host)
    {
        if (host.DefaultBackend is { } existing)
        {
            if (!ReferenceEquals(existing.Ingress, spec.Ingress))
            {
                Warn(spec.Ingress, "spec.defaultBackend", $"{HostText(host)} already takes its default backend from older Ingress {existing.Origin.QualifiedName}; this one is not used there");
            }

            return;
        }

        if (spec.Backend.ServiceName is null)
        {
            Warn(spec.Ingress, "spec.defaultBackend", $"resource backend {spec.Backend.Resource} is not supported; the default backend is not served");
            return;
        }

        host.DefaultBackend = spec.ToRoute();
        _routes.Add(host.DefaultBackend);
    }

    private void AddCatchAll(RouteSpec spec)
    {
        if (_catchAll is not null)
        {
            Warn(spec.Ingress, "spec.defaultBackend", $"the catch-all default backend is already taken by older Ingress {_catchAll.Origin.QualifiedName}; this one is not used");
            return;
        }

        if (spec.Backend.ServiceName is null)
        {
            Warn(spec.Ingress, "spec.defaultBackend", $"resource backend {spec.Backend.Resource} is not supported; the default backend is not served");
            return;
        }

        _catchAll = spec.ToRoute();
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

    private static string HostText(HostBuilder host) => RouteTableText.Host(host.Host);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class HostBuilder(string? host)
    {
        public string? Host { get; } = host;

        public PathTrieBuilder Paths { get; } = new();

        public Route? DefaultBackend { get; set; }

        /// <summary>The host's path routes in nginx's insertion order: oldest Ingress first, then rule and path order.</summary>
        public List<Route> Routes { get; } = [];

        /// <summary>The annotations of the host's first Ingress, which its root location carries.</summary>
        public IngressAnnotations? RootPolicies { get; set; }

        /// <summary>Prefix pairs <c>/p</c> and <c>/p/</c>: in plain mode the first is never selected.</summary>
        public List<(Route Loser, Route Winner)> Twins { get; } = [];

        /// <summary>Whether an Ingress of the host sets from-to-www-redirect.</summary>
        public bool FromToWww { get; set; }

        /// <summary>The client-certificate authentication of the host's first Ingress that sets it.</summary>
        public ClientCertificateAuth? ClientCertificates { get; set; }

        /// <summary>The server-alias of the host's first Ingress that sets it, and that Ingress.</summary>
        public IReadOnlyList<string>? Aliases { get; set; }

        public IngressDefinition? AliasesFrom { get; set; }
    }
}
