using System.Globalization;

namespace IngressCore.Matching;

/// <summary>
/// A route's names as logs, metrics and traces print them, made once per route (routes live as
/// long as their table), so that naming a request's route allocates nothing.
/// </summary>
internal sealed class RouteNames
{
    public RouteNames(Route route)
    {
        Ingress = route.Ingress.QualifiedName;
        var backend = route.Backend;
        Service = backend.ServiceName is { } name
            ? string.Create(CultureInfo.InvariantCulture, $"{route.Namespace}/{name}:{(object?)backend.PortName ?? backend.PortNumber}")
            : string.Create(CultureInfo.InvariantCulture, $"{route.Namespace}/{backend}");
        Location = route.Kind switch
        {
            RouteKind.Path => (route.Host ?? "*") + route.Path,
            RouteKind.HostDefaultBackend => (route.Host ?? "*") + " defaultBackend",
            _ => "defaultBackend",
        };
    }

    /// <summary>The Ingress, <c>namespace/name</c>.</summary>
    public string Ingress { get; }

    /// <summary>The backend's Service port, <c>namespace/name:port</c> (the port by number or name, as the Ingress gives it).</summary>
    public string Service { get; }

    /// <summary>The rule: <c>host/path</c> (<c>*</c> for a host-less rule), a host's <c>defaultBackend</c>, or the catch-all's.</summary>
    public string Location { get; }
}
