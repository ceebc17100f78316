using System.Collections.Frozen;
using IngressCore.Annotations;
using IngressCore.Discovery;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tls;

/// <summary>
/// The hosts whose TLS connections are passed through to their backend untouched (ingress-nginx's
/// <c>ssl-passthrough</c>), with each host's endpoints. An immutable snapshot, built from the
/// served route table and the Services and EndpointSlices read with it; a reload builds a new one.
/// </summary>
/// <remarks>
/// As in ingress-nginx, the setting is per host: any served Ingress of the host setting it turns it
/// on for the whole host. The backend is the one ingress-nginx's passthrough uses, the host's <c>/</c>
/// location: the host's path <c>/</c> rule (Prefix or ImplementationSpecific before Exact), else the
/// host's default backend. Other paths of the host are never reached over TLS (the connection is
/// not terminated, so there is no path to look at).
/// </remarks>
internal sealed class PassthroughHosts
{
    private const string AnnotationName = IngressAnnotationOptions.DefaultPrefix + "ssl-passthrough";
    private const string Field = "metadata.annotations[" + AnnotationName + "]";

    private readonly FrozenDictionary<string, PassthroughBackend> _exact;
    private readonly FrozenDictionary<string, PassthroughBackend> _wildcardParents;

    private PassthroughHosts(
        FrozenDictionary<string, PassthroughBackend> exact,
        FrozenDictionary<string, PassthroughBackend> wildcardParents,
        IReadOnlyList<IngressDiagnostic> diagnostics)
    {
        _exact = exact;
        _wildcardParents = wildcardParents;
        Diagnostics = diagnostics;
    }

    /// <summary>No passthrough host: every connection goes to Kestrel's TLS without being read first.</summary>
    public static PassthroughHosts Empty { get; } = new(
        FrozenDictionary<string, PassthroughBackend>.Empty, FrozenDictionary<string, PassthroughBackend>.Empty, []);

    /// <summary>How many hosts (exact and wildcard) are passed through.</summary>
    public int Count => _exact.Count + _wildcardParents.Count;

    /// <summary>Hosts whose backend has no Service, port or ready endpoint; their connections are closed.</summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    /// <summary>
    /// The backend for a ClientHello's server name (valid, lower case, no trailing dot, as
    /// <see cref="ClientHello.ServerName"/> gives it): the exact host, else the <c>*.</c> wildcard
    /// one label up; <see langword="null"/> when the name is not a passthrough host.
    /// </summary>
    public PassthroughBackend? Find(string? serverName)
    {
        if (serverName is null || Count == 0)
        {
            return null;
        }

        if (_exact.TryGetValue(serverName, out var backend))
        {
            return backend;
        }

        var parent = RequestHost.ParentOfSingleLabel(serverName);
        return !parent.IsEmpty && _wildcardParents.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(parent, out backend)
            ? backend
            : null;
    }

    /// <summary>Collects the passthrough hosts of <paramref name="table"/> and resolves their backends' endpoints in <paramref name="services"/>.</summary>
    public static PassthroughHosts Build(
        RouteTable table, ServiceCatalog services)
    {
        var diagnostics = new List<IngressDiagnostic>();
        var hosts = CollectHosts(table);
        if (hosts.Count == 0)
        {
            return diagnostics.Count == 0 ? Empty : new PassthroughHosts(
                FrozenDictionary<string, PassthroughBackend>.Empty, FrozenDictionary<string, PassthroughBackend>.Empty, diagnostics);
        }

        var exact = new Dictionary<string, PassthroughBackend>(StringComparer.Ordinal);
        var wildcard = new Dictionary<string, PassthroughBackend>(StringComparer.Ordinal);
        foreach (var (host, ingress) in hosts)
        {
            var backend = Resolve(table, host, ingress, services, diagnostics);
            if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcard[host[2..]] = backend;
            }
            else
            {
                exact[host] = backend;
            }
        }

        return new PassthroughHosts(
            exact.ToFrozenDictionary(StringComparer.Ordinal), wildcard.ToFrozenDictionary(StringComparer.Ordinal), diagnostics);
    }

    /// <summary>Every rule host of a served Ingress with <c>ssl-passthrough: "true"</c>, with the first Ingress (oldest) that set it.</summary>
    private static Dictionary<string, IngressDefinition> CollectHosts(RouteTable table)
    {
        var hosts = new Dictionary<string, IngressDefinition>(StringComparer.Ordinal);
        foreach (var ingress in table.Ingresses)
        {
            // The builder parsed the annotations and refused every Ingress with an invalid one, so
            // only served values count here. A canary makes no server of its own in ingress-nginx
            // (docs/annotations.md, canary), so no passthrough host either.
            var annotations = table.PoliciesOf(ingress);
            if (annotations.IsCanary || annotations.SslPassthrough != true)
            {
                continue;
            }

            foreach (var rule in ingress.Rules)
            {
                // A host-less rule has no name a ClientHello could carry.
                if (!string.IsNullOrEmpty(rule.Host))
                {
                    hosts.TryAdd(rule.Host.ToLowerInvariant(), ingress);
                }
            }
        }

        return hosts;
    }

    private static PassthroughBackend Resolve(
        RouteTable table, string host, IngressDefinition ingress, ServiceCatalog services, List<IngressDiagnostic> diagnostics)
    {
        var route = RootRoute(table, host);
        if (route?.Backend is not { ServiceName: not null } backend)
        {
            return Closed(host, "-", ingress, "has no path / rule nor default backend with a Service", diagnostics);
        }

        var name = $"{route.Namespace}/{backend}";
        var endpoints = services.Resolve(route.Namespace, backend);
        return endpoints.Problem is { } problem
            ? Closed(host, name, ingress, problem, diagnostics)
            : new PassthroughBackend(host, name, [.. endpoints.Endpoints.Select(e => e.EndPoint)]);
    }

    /// <summary>The route of the host's <c>/</c> location: its <c>/</c> path rule (not Exact first), else its default backend.</summary>
    private static Route? RootRoute(RouteTable table, string host)
    {
        Route? exact = null, fallback = null;
        foreach (var route in table.Routes)
        {
            if (!string.Equals(route.Host, host, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (route.Kind == RouteKind.Path && route.Path == "/")
            {
                if (route.PathType != PathType.Exact)
                {
                    return route;
                }

                exact ??= route;
            }
            else if (route.Kind == RouteKind.HostDefaultBackend)
            {
                fallback = route;
            }
        }

        return exact ?? fallback;
    }

    private static PassthroughBackend Closed(
        string host, string service, IngressDefinition ingress, string why, List<IngressDiagnostic> diagnostics)
    {
        diagnostics.Add(IngressDiagnostic.For(
            DiagnosticSeverity.Warning,
            ingress,
            Field,
            $"ssl-passthrough host {host}: {why}; its TLS connections are closed"));
        return new PassthroughBackend(host, service, []);
    }
}
