using System.Globalization;
using IngressCore.Model;

namespace IngressCore.Discovery;

/// <summary>
/// The Services and their EndpointSlices, put together the way kube-proxy does: a backend names a
/// Service port (by number or name); the slices of that Service give, per slice, the port number
/// its endpoints listen on for that Service port (which is how a named <c>targetPort</c> resolves
/// differently per pod), and the endpoints with their conditions. Immutable and built off the
/// request path; <see cref="Resolve"/> allocates nothing for a backend that resolves.
/// </summary>
public sealed class ServiceCatalog
{
    private readonly Dictionary<(string Namespace, string Name), ServiceEntry> _services;

    private ServiceCatalog(Dictionary<(string, string), ServiceEntry> services, IReadOnlyList<ServiceDefinition> definitions)
    {
        _services = services;
        Services = definitions;
    }

    /// <summary>No Services: every backend resolves to nothing.</summary>
    public static ServiceCatalog Empty { get; } = new([], []);

    /// <summary>The Services, in the order given (the first of a duplicated namespace/name is used).</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; }

    /// <summary>Puts Services and EndpointSlices together.</summary>
    /// <param name="services">The Services.</param>
    /// <param name="slices">The EndpointSlices of any Services.</param>
    /// <returns>The catalog.</returns>
    public static ServiceCatalog Build(IReadOnlyList<ServiceDefinition> services, IReadOnlyList<EndpointSliceDefinition> slices)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(slices);
        if (services.Count == 0)
        {
            return Empty;
        }

        var slicesOf = new Dictionary<(string, string), List<EndpointSliceDefinition>>();
        foreach (var slice in slices)
        {
            var key = (slice.Namespace, slice.ServiceName);
            if (!slicesOf.TryGetValue(key, out var list))
            {
                slicesOf[key] = list = [];
            }

            list.Add(slice);
        }

        var entries = new Dictionary<(string, string), ServiceEntry>(services.Count);
        foreach (var service in services)
        {
            var key = (service.Namespace, service.Name);
            if (!entries.ContainsKey(key))
            {
                entries[key] = new ServiceEntry(service, slicesOf.GetValueOrDefault(key));
            }
        }

        return new ServiceCatalog(entries, services);
    }

    /// <summary>The Service <paramref name="name"/> in <paramref name="ns"/>, or <see langword="null"/>.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="name">The Service name.</param>
    /// <returns>The Service.</returns>
    public ServiceDefinition? FindService(string ns, string name) =>
        _services.TryGetValue((ns, name), out var entry) ? entry.Service : null;

    /// <summary>
    /// Where a backend referenced from namespace <paramref name="ns"/> sends its traffic. Never
    /// <see langword="null"/>: a backend without a Service, port or endpoint gets an empty result
    /// whose <see cref="ServicePortEndpoints.Problem"/> says why.
    /// </summary>
    /// <param name="ns">The namespace of the Ingress (and so of the Service).</param>
    /// <param name="backend">The backend: a Service and a port number or name.</param>
    /// <returns>The port's endpoints.</returns>
    public ServicePortEndpoints Resolve(string ns, IngressBackend backend)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(backend);
        if (backend.ServiceName is not { } name)
        {
            return new ServicePortEndpoints(ns, "", null, null, [], 0, $"the backend {backend} is not a Service");
        }

        if (!_services.TryGetValue((ns, name), out var entry))
        {
            return new ServicePortEndpoints(ns, name, null, null, [], 0, $"Service {ns}/{name} was not found");
        }

        var ports = entry.Ports;
        for (var i = 0; i < ports.Length; i++)
        {
            var port = ports[i].Port!;
            if (backend.PortName is { } portName
                ? string.Equals(port.Name, portName, StringComparison.Ordinal)
                : port.Port == backend.PortNumber)
            {
                return ports[i];
            }
        }

        var wanted = backend.PortName is { } named ? $"'{named}'" : backend.PortNumber?.ToString(CultureInfo.InvariantCulture) ?? "(none)";
        return new ServicePortEndpoints(ns, name, entry.Service, null, [], 0, $"Service {ns}/{name} has no port {wanted}");
    }

    /// <summary>A Service with each of its ports resolved once, when the catalog is built.</summary>
    private sealed class ServiceEntry
    {
        public ServiceEntry(ServiceDefinition service, List<EndpointSliceDefinition>? slices)
        {
            Service = service;
            Ports = [.. service.Ports.Select(port => ResolvePort(service, port, slices))];
        }

        public ServiceDefinition Service { get; }

        public ServicePortEndpoints[] Ports { get; }

        private static ServicePortEndpoints ResolvePort(ServiceDefinition service, ServicePortDefinition port, List<EndpointSliceDefinition>? slices)
        {
            var ns = service.Namespace;
            var name = service.Name;
            if (string.Equals(service.Type, "ExternalName", StringComparison.Ordinal))
            {
                // No slices: the name stands for the backend, on the target port when it is a number.
                var target = int.TryParse(port.TargetPort, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : port.Port;
                return string.IsNullOrEmpty(service.ExternalName)
                    ? new ServicePortEndpoints(ns, name, service, port, [], 0, $"ExternalName Service {ns}/{name} names no externalName")
                    : new ServicePortEndpoints(ns, name, service, port, [new ServiceEndpoint(service.ExternalName, target, ready: true, terminating: false)], 1, null);
            }

            var ready = new List<ServiceEndpoint>();
            var terminating = new List<ServiceEndpoint>();
            var seen = new HashSet<(string, int)>();
            foreach (var slice in slices ?? [])
            {
                // A slice port serves the Service port of the same name (both empty for an unnamed
                // port), and gives the number this slice's endpoints listen on.
                var slicePort = slice.Ports.FirstOrDefault(p =>
                    string.Equals(p.Name ?? "", port.Name ?? "", StringComparison.Ordinal) &&
                    string.Equals(p.Protocol, port.Protocol, StringComparison.Ordinal));
                if (slicePort is null)
                {
                    continue;
                }

                foreach (var endpoint in slice.Endpoints)
                {
                    if (!seen.Add((endpoint.Address, slicePort.Port)))
                    {
                        continue;
                    }

                    if (endpoint.Ready)
                    {
                        ready.Add(new ServiceEndpoint(endpoint.Address, slicePort.Port, ready: true, endpoint.Terminating));
                    }
                    else if (endpoint.Serving && endpoint.Terminating)
                    {
                        terminating.Add(new ServiceEndpoint(endpoint.Address, slicePort.Port, ready: false, terminating: true));
                    }
                }
            }

            var usable = ready.Count > 0 ? ready : terminating;
            var problem = usable.Count > 0
                ? null
                : (slices is null ? $"Service {ns}/{name} has no EndpointSlice" : $"Service {ns}/{name} has no ready endpoint");
            return new ServicePortEndpoints(ns, name, service, port, usable.ToArray(), ready.Count, problem);
        }
    }
}
