using System.Globalization;
using IngressCore.Annotations;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// An Ingress translated into route specifications: the hosts it declares (a rule without paths
/// still makes its host a server, as in ingress-nginx), then its routes in declaration order —
/// every path of every rule, the default backend of each of its hosts, or, for an Ingress without
/// rules, the catch-all.
/// </summary>
/// <param name="Hosts">The rule hosts in order, without duplicates; <see langword="null"/> for a host-less rule.</param>
/// <param name="Routes">The routes in order.</param>
internal sealed record IngressRouteSpecs(IReadOnlyList<string?> Hosts, IReadOnlyList<RouteSpec> Routes)
{
    public static IngressRouteSpecs Translate(IngressDefinition ingress, IngressAnnotations policies)
    {
        var hosts = new List<string?>();
        var routes = new List<RouteSpec>();
        if (ingress.Rules.Count == 0)
        {
            if (ingress.DefaultBackend is { } catchAll)
            {
                // The catch-all's redirect and rewrite annotations are not applied, as in ingress-nginx.
                routes.Add(Spec(RouteKind.CatchAll, null, "/", PathType.Prefix, catchAll, policies.WithoutRedirects(), "spec.defaultBackend"));
            }

            return new(hosts, routes);
        }

        for (var r = 0; r < ingress.Rules.Count; r++)
        {
            var rule = ingress.Rules[r];
            var host = string.IsNullOrEmpty(rule.Host) ? null : rule.Host;
            if (!hosts.Contains(host))
            {
                hosts.Add(host);
            }

            for (var p = 0; p < (rule.Paths?.Count ?? 0); p++)
            {
                var path = rule.Paths![p];
                var field = string.Create(CultureInfo.InvariantCulture, $"spec.rules[{r}].http.paths[{p}]");
                routes.Add(Spec(RouteKind.Path, host, PathText.TextOf(path), PathText.TypeOf(path), path.Backend!, policies, field));
            }
        }

        if (ingress.DefaultBackend is { } backend)
        {
            foreach (var host in hosts)
            {
                routes.Add(Spec(RouteKind.HostDefaultBackend, host, "/", PathType.Prefix, backend, policies, "spec.defaultBackend"));
            }
        }

        return new(hosts, routes);

        RouteSpec Spec(RouteKind kind, string? host, string path, PathType type, IngressBackend backend, IngressAnnotations routePolicies, string field) =>
            new(kind, host, path, type, backend, routePolicies, new RouteOrigin("Ingress", ingress.Namespace, ingress.Name, field), ingress);
    }
}
