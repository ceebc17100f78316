using System.Diagnostics;
using System.Runtime.CompilerServices;
using IngressCore.Annotations;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Matching;

/// <summary>
/// The compiled, immutable routing table for a set of Ingresses: host lookup (exact names, then a
/// one-label <c>*.</c> wildcard, then the host-less rules), then the chosen host's paths with the
/// Ingress spec's precedence, then the default backends. Safe to share across threads; the
/// runtime holds the current one in its snapshot and swaps in new versions. Built by
/// <c>RouteTableBuilder</c> or <c>RouteTable.Build</c> (IngressCore.Building).
/// </summary>
[DebuggerDisplay("RouteTable: {Routes.Count} routes, {VirtualHostCount} virtual hosts")]
[SkipLocalsInit] // nothing reads a local before writing it; the stack buffer is written before it is read
public sealed partial class RouteTable
{
    /// <summary>Paths up to this many characters are normalised on the stack.</summary>
    private const int StackPathLimit = 512;

    private readonly HostIndex<HostRoot> _exactHosts;
    private readonly HostIndex<HostRoot> _wildcardParents;
    private readonly VirtualHost[] _virtualHosts;
    private readonly PathForest _paths;
    private readonly VirtualHost? _hostless;
    private readonly int _hostlessRoot;
    private readonly Route? _catchAll;
    private readonly IReadOnlyDictionary<IngressDefinition, IngressAnnotations> _policies;

    internal RouteTable(
        IReadOnlyList<VirtualHost> virtualHosts,
        Route? catchAll,
        IReadOnlyList<Route> routes,
        IReadOnlyList<IngressDefinition> ingresses,
        IReadOnlyDictionary<IngressDefinition, IngressAnnotations> policies,
        IReadOnlyList<IngressDiagnostic> diagnostics)
    {
        _virtualHosts = [.. virtualHosts];
        _catchAll = catchAll;
        Routes = routes;
        Ingresses = ingresses;
        _policies = policies;
        Diagnostics = diagnostics;

        // Every host's trie moves into one forest first: the indexes keep each host's root.
        _paths = PathForest.Merge([.. _virtualHosts.Select(v => v.Paths)]);
        var exact = new List<(string, HostRoot)>();
        var wildcard = new List<(string, HostRoot)>();
        foreach (var virtualHost in _virtualHosts)
        {
            var host = virtualHost.Host;
            if (host is null)
            {
                _hostless = virtualHost;
                _hostlessRoot = virtualHost.Paths.Root;
            }
            else if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcard.Add((host[2..], new HostRoot(virtualHost, virtualHost.Paths.Root)));
            }
            else
            {
                exact.Add((host, new HostRoot(virtualHost, virtualHost.Paths.Root)));
            }

            // server-alias: the alias selects this very host (the compiler dropped aliases that are hosts of their own).
            foreach (var alias in virtualHost.Aliases)
            {
                var root = new HostRoot(virtualHost, virtualHost.Paths.Root);
                (alias.StartsWith("*.", StringComparison.Ordinal) ? wildcard : exact).Add((alias.StartsWith("*.", StringComparison.Ordinal) ? alias[2..] : alias, root));
            }
        }

        _exactHosts = exact.Count == 0 ? HostIndex<HostRoot>.Empty : new HostIndex<HostRoot>(exact);
        _wildcardParents = wildcard.Count == 0 ? HostIndex<HostRoot>.Empty : new HostIndex<HostRoot>(wildcard);
    }

    private RouteTable(RouteTable source, IReadOnlyList<IngressDiagnostic> diagnostics)
    {
        _exactHosts = source._exactHosts;
        _wildcardParents = source._wildcardParents;
        _virtualHosts = source._virtualHosts;
        _paths = source._paths;
        _hostless = source._hostless;
        _hostlessRoot = source._hostlessRoot;
        _catchAll = source._catchAll;
        Routes = source.Routes;
        Ingresses = source.Ingresses;
        _policies = source._policies;
        Diagnostics = diagnostics;
    }

    /// <summary>Every route served: path rules, host default backends and the catch-all.</summary>
    public IReadOnlyList<Route> Routes { get; }

    /// <summary>The Ingresses accepted into the table, oldest first.</summary>
    public IReadOnlyList<IngressDefinition> Ingresses { get; }

    /// <summary>The annotations the builder parsed for one of <see cref="Ingresses"/> (by reference), so nothing parses them twice.</summary>
    internal IngressAnnotations PoliciesOf(IngressDefinition ingress) =>
        _policies.TryGetValue(ingress, out var policies) ? policies : IngressAnnotations.None;

    /// <summary>What the build found: refused objects (errors), lost conflicts (warnings), skipped classes (info).</summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    /// <summary>The catch-all default backend (an Ingress with <c>spec.defaultBackend</c> and no rules), if any.</summary>
    public Route? CatchAll => _catchAll;

    internal int VirtualHostCount => _virtualHosts.Length;

    /// <summary>Every <c>server-alias</c> served, with the host it stands for.</summary>
    internal IEnumerable<(string Alias, string Host)> Aliases =>
        _virtualHosts.SelectMany(v => v.Aliases.Select(a => (a, v.Host!)));

    /// <summary>The virtual hosts with client-certificate authentication.</summary>
    internal IEnumerable<VirtualHost> ClientCertificateHosts => _virtualHosts.Where(v => v.ClientCertificates is not null);

    /// <summary>The same table with other diagnostics (a reload reports what it kept).</summary>
    internal RouteTable WithDiagnostics(IReadOnlyList<IngressDiagnostic> diagnostics) => new(this, diagnostics);

    /// <summary>
    /// Finds the route for a request. Allocates nothing.
    /// </summary>
    /// <param name="host">The Host header or authority, in any case, with or without a port or a trailing dot.</param>
    /// <param name="path">The request-target's path, raw (percent-encoded) as sent, optionally with a query string.</param>
    /// <returns>The match.</returns>
    public RouteMatch Match(ReadOnlySpan<char> host, ReadOnlySpan<char> path)
    {
        var virtualHost = SelectVirtualHost(host, out var root);

        // Most request paths are already normal: one vector pass says so and where the slashes
        // are, and the trie walk reads the elements off that mask.
        if (!PathScan.TryScan(path, out var slashes))
        {
            return MatchNormalized(virtualHost, root, path);
        }

        var route = virtualHost is null ? null
            : virtualHost.Regex is { } regex ? regex.Match(path) // a plain path is its own normal form
            : _paths.Match(root, path, slashes);
        return route is not null ? new RouteMatch(RouteMatchStatus.Matched, route, virtualHost) : Fallback(virtualHost);
    }

    /// <summary>The virtual host a request host selects: exact, then wildcard, then host-less (docs/matching.md).</summary>
    internal VirtualHost? SelectVirtualHost(ReadOnlySpan<char> host) => SelectVirtualHost(host, out _);

    /// <summary>The virtual host a request host selects, and its trie root in <see cref="_paths"/>.</summary>
    /// <remarks>
    /// The usual Host header (no port, a name of this table) takes only the first lines: the hash
    /// pass also looks for a colon, so without one trimming is one trailing dot. Ports and IPv6
    /// literals, and hosts that are not an exact name, take the methods below, kept out of line
    /// so this one stays small enough to inline.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private VirtualHost? SelectVirtualHost(ReadOnlySpan<char> host, out int root)
    {
        var length = host.Length;
        if (length != 0 && host[length - 1] == '.')
        {
            length--;
        }

        var name = host[..length];
        var hash = HostHash.Compute(name, out var colon);
        if (colon || (length != 0 && host[0] == '['))
        {
            return SelectTrimmed(RequestHost.Trim(host), out root);
        }

        var exact = _exactHosts.Find(name, hash);
        if (exact >= 0)
        {
            return Take(_exactHosts.ValueAt(exact), out root);
        }

        return SelectNotExact(name, out root);
    }

    /// <summary>The virtual host of a host that had a port or is an IPv6 literal, trimmed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private VirtualHost? SelectTrimmed(ReadOnlySpan<char> host, out int root)
    {
        var exact = _exactHosts.Find(host);
        if (exact >= 0)
        {
            return Take(_exactHosts.ValueAt(exact), out root);
        }

        return SelectNotExact(host, out root);
    }

    /// <summary>A host that is no exact name: its one-label wildcard, else the host-less rules.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private VirtualHost? SelectNotExact(ReadOnlySpan<char> host, out int root)
    {
        if (_wildcardParents.Count != 0)
        {
            var parent = RequestHost.ParentOfSingleLabel(host);
            if (!parent.IsEmpty && _wildcardParents.Find(parent) is var wildcard and >= 0)
            {
                return Take(_wildcardParents.ValueAt(wildcard), out root);
            }
        }

        root = _hostlessRoot;
        return _hostless;
    }

    /// <summary>The exact way, for paths that are not plain or are long: cut the query, decode, resolve dot segments.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private RouteMatch MatchNormalized(VirtualHost? virtualHost, int root, ReadOnlySpan<char> path)
    {
        if (!RequestPath.Prepare(ref path))
        {
            return Resolve(virtualHost, MatchPath(virtualHost, root, path));
        }

        char[]? rented = null;
        var buffer = path.Length < StackPathLimit
            ? stackalloc char[StackPathLimit]
            : (rented = RequestPath.Rent(path.Length + 1));
        try
        {
            if (RequestPath.Normalize(path, buffer, out var length) == RequestPath.Result.Invalid)
            {
                return new RouteMatch(RouteMatchStatus.BadRequest, null);
            }

            return Resolve(virtualHost, MatchPath(virtualHost, root, buffer[..length]));
        }
        finally
        {
            if (rented is not null)
            {
                RequestPath.Return(rented);
            }
        }
    }

    private RouteMatch Resolve(VirtualHost? virtualHost, Route? route) =>
        route is not null ? new RouteMatch(RouteMatchStatus.Matched, route, virtualHost) : Fallback(virtualHost);

    /// <summary>The route for a normalised path: the first regex location in regex mode, else the trie's longest match.</summary>
    private Route? MatchPath(VirtualHost? virtualHost, int root, ReadOnlySpan<char> path) =>
        virtualHost is null ? null
        : virtualHost.Regex is { } regex ? regex.Match(path)
        : _paths.Match(root, path);

    /// <summary>No path rule matched: the host's default backend, else the catch-all, else 404.</summary>
    private RouteMatch Fallback(VirtualHost? virtualHost)
    {
        // The host's root location takes the request, with its oldest Ingress's policies
        // (RouteMatch.Policies), whether its backend is the host's default, the catch-all or the
        // 404 (docs/matching.md).
        var fallback = virtualHost?.DefaultBackend ?? _catchAll;
        return fallback is null
            ? new RouteMatch(RouteMatchStatus.NotFound, null, virtualHost)
            : new RouteMatch(RouteMatchStatus.DefaultBackend, fallback, virtualHost);
    }

    /// <summary>The virtual host of a host index's value, and its trie root.</summary>
    private static VirtualHost Take(in HostRoot found, out int root)
    {
        root = found.Root;
        return found.Host;
    }

    /// <summary>A virtual host and its trie root in <see cref="_paths"/>, as the host indexes hold them: a hit goes on to the trie without reading the virtual host.</summary>
    private readonly record struct HostRoot(VirtualHost Host, int Root);
}
