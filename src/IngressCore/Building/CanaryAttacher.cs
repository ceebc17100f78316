using IngressCore.Annotations;
using IngressCore.Diagnostics;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Attaches canary Ingresses the way ingress-nginx does (docs/annotations.md): a
/// canary path shadows the primary locations with the same host, path and path type, and its
/// Service becomes the alternative backend of each such location's Service, so every route to that
/// Service port gets the canary. Only the first canary of a Service is used. Canaries make no
/// hosts or locations of their own.
/// </summary>
internal sealed class CanaryAttacher(List<IngressDiagnostic> diagnostics, IReadOnlyList<Route> routes, Route? catchAll)
{
    /// <summary>The canary of each primary upstream (namespace, Service, port), the first one attached.</summary>
    private readonly Dictionary<UpstreamKey, Route> _canaryOf = [];

    /// <summary>Attaches the canaries (oldest first) and sets <see cref="Route.Canary"/> on every route they apply to.</summary>
    /// <param name="canaries">The canary Ingresses' routes, oldest Ingress first.</param>
    /// <param name="hostRoutes">The path routes of a host's virtual host, or <see langword="null"/> when no primary Ingress makes that host.</param>
    public void Attach(IReadOnlyList<IngressRouteSpecs> canaries, Func<string?, IReadOnlyList<Route>?> hostRoutes)
    {
        foreach (var spec in canaries.SelectMany(c => c.Routes))
        {
            switch (spec.Kind)
            {
                case RouteKind.Path:
                    AttachPath(spec, hostRoutes(spec.Host));
                    break;
                case RouteKind.CatchAll:
                    AttachCatchAll(spec);
                    break;
            }
        }

        if (_canaryOf.Count == 0)
        {
            return;
        }

        foreach (var route in routes.Append(catchAll))
        {
            if (route is not null && _canaryOf.TryGetValue(UpstreamKey.Of(route), out var canary))
            {
                route.Canary = canary;
            }
        }
    }

    private void AttachPath(RouteSpec spec, IReadOnlyList<Route>? hostRoutes)
    {
        var (ingress, field, host, text, type) = (spec.Ingress, spec.Origin.Field, spec.Host, spec.Path, spec.PathType);
        if (spec.Backend.ServiceName is null)
        {
            Warn(ingress, $"{field}.backend", $"resource backend {spec.Backend.Resource} is not supported; the canary path is not used");
            return;
        }

        if (hostRoutes is null)
        {
            // A host only canaries name does not exist in ingress-nginx: its requests get the 404.
            Warn(ingress, $"{field}", $"canary: no non-canary Ingress defines {RouteTableText.Host(host)}; the canary path is not used");
            return;
        }

        var canary = spec.ToRoute();
        var attached = false;
        foreach (var primary in hostRoutes)
        {
            // Compared as declared, before ingress-nginx's Prefix normalisation (docs/annotations.md).
            if (primary.PathType != type || !string.Equals(primary.Path, text, StringComparison.Ordinal))
            {
                continue;
            }

            attached |= AttachTo(primary, canary);
        }

        if (!attached)
        {
            Warn(ingress, $"{field}.path", $"canary: no route of {RouteTableText.Host(host)} has path {text} ({type}) to share its traffic with; the canary path is not used");
        }
    }

    private void AttachCatchAll(RouteSpec spec)
    {
        if (catchAll is null || spec.Backend.ServiceName is null)
        {
            Warn(spec.Ingress, "spec.defaultBackend", "canary: there is no catch-all default backend to share traffic with; the canary is not used");
            return;
        }

        var canary = spec.ToRoute();
        if (!AttachTo(catchAll, canary))
        {
            Warn(spec.Ingress, "spec.defaultBackend", "canary: the catch-all default backend is not shared with it; the canary is not used");
        }
    }

    private bool AttachTo(Route primary, Route canary)
    {
        var upstream = UpstreamKey.Of(primary);
        if (upstream == UpstreamKey.Of(canary))
        {
            Warn(canary.Ingress, $"{canary.Field}.backend", $"canary: Service {canary.Backend} is the primary's own Service ({primary.Origin.QualifiedName}); the canary is not used there");
            return false;
        }

        if (_canaryOf.TryGetValue(upstream, out var existing))
        {
            if (!ReferenceEquals(existing.Ingress, canary.Ingress) || !existing.Backend.Equals(canary.Backend))
            {
                // ingress-nginx uses one alternative backend per upstream, the first merged.
                Warn(canary.Ingress, $"{canary.Field}.backend", $"canary: Service {primary.Backend} of {primary.Origin.QualifiedName} already has canary {existing.Origin.QualifiedName} ({existing.Backend}); only one canary per Service is used");
            }

            return true;
        }

        _canaryOf.Add(upstream, canary);
        return true;
    }

    private void Warn(IngressDefinition ingress, string field, string message) =>
        diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Warning, ingress, field, message));

    /// <summary>ingress-nginx's upstream: a Service port in a namespace (<c>namespace-service-port</c>).</summary>
    private readonly record struct UpstreamKey(string Namespace, string Service, int? PortNumber, string? PortName)
    {
        public static UpstreamKey Of(Route route) =>
            new(route.Namespace, route.Backend.ServiceName!, route.Backend.PortNumber, route.Backend.PortName);
    }
}
