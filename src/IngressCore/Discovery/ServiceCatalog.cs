using System.Globalization;
using IngressCore.Model;
using IngressCore.Sources;

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
    /// <summary>Above this many Services touched by changed slices, a rebuild groups every slice again.</summary>
    private const int FewChanged = 16;

    private readonly Dictionary<(string Namespace, string Name), ServiceEntry> _services;
    private readonly IReadOnlyList<EndpointSliceDefinition> _slices;

    private ServiceCatalog(Dictionary<(string, string), ServiceEntry> services, IReadOnlyList<ServiceDefinition> definitions, IReadOnlyList<EndpointSliceDefinition> slices)
    {
        _services = services;
        Services = definitions;
        _slices = slices;
    }

    /// <summary>No Services: every backend resolves to nothing.</summary>
    public static ServiceCatalog Empty { get; } = new([], [], []);

    /// <summary>The Services, in the order given (the first of a duplicated namespace/name is used).</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; }

    /// <summary>Puts Services and EndpointSlices together.</summary>
    /// <param name="services">The Services.</param>
    /// <param name="slices">The EndpointSlices of any Services.</param>
    /// <returns>The catalog.</returns>
    public static ServiceCatalog Build(IReadOnlyList<ServiceDefinition> services, IReadOnlyList<EndpointSliceDefinition> slices) =>
        Build(services, slices, previous: null);

    /// <summary>
    /// Puts Services and EndpointSlices together, taking from <paramref name="previous"/> the resolved
    /// ports of every Service whose object and slices are the very instances it was built from
    /// (sources hand out an unchanged object as the same instance): one changed EndpointSlice
    /// resolves one Service again, not all of them.
    /// </summary>
    internal static ServiceCatalog Build(IReadOnlyList<ServiceDefinition> services, IReadOnlyList<EndpointSliceDefinition> slices, ServiceCatalog? previous)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(slices);
        if (services.Count == 0)
        {
            return Empty;
        }

        if (previous is not null && WithFewChangedSlices(services, slices, previous) is { } updated)
        {
            return updated;
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
            if (entries.ContainsKey(key))
            {
                continue;
            }

            var ofService = slicesOf.GetValueOrDefault(key);
            entries[key] = previous is not null && previous._services.TryGetValue(key, out var known) && known.IsFor(service, ofService)
                ? known
                : new ServiceEntry(service, ofService);
        }

        return new ServiceCatalog(entries, services, slices);
    }

    /// <summary>
    /// The common change, one EndpointSlice or a few, as a watch delivers it: the same Services and
    /// as many slices, in the same order, a few of them new instances. Only the Services those
    /// slices belong to (before and after) are resolved again; <see langword="null"/> when the
    /// change is not of that shape.
    /// </summary>
    private static ServiceCatalog? WithFewChangedSlices(
        IReadOnlyList<ServiceDefinition> services, IReadOnlyList<EndpointSliceDefinition> slices, ServiceCatalog previous)
    {
        var before = previous._slices;
        if (before.Count != slices.Count || !SameInstances.Equal(previous.Services, services))
        {
            return null;
        }

        var touched = new HashSet<(string, string)>();
        for (var i = 0; i < slices.Count; i++)
        {
            if (ReferenceEquals(before[i], slices[i]))
            {
                continue;
            }

            touched.Add((before[i].Namespace, before[i].ServiceName));
            touched.Add((slices[i].Namespace, slices[i].ServiceName));
            if (touched.Count > FewChanged)
            {
                return null;
            }
        }

        var entries = new Dictionary<(string, string), ServiceEntry>(previous._services);
        foreach (var key in touched)
        {
            if (entries.TryGetValue(key, out var entry))
            {
                // The slices of the Service in the order given, as the full grouping collects them.
                List<EndpointSliceDefinition>? ofService = null;
                foreach (var slice in slices)
                {
                    if (string.Equals(slice.ServiceName, key.Item2, StringComparison.Ordinal) && string.Equals(slice.Namespace, key.Item1, StringComparison.Ordinal))
                    {
                        (ofService ??= []).Add(slice);
                    }
                }

                entries[key] = entry.IsFor(entry.Service, ofService) ? entry : new ServiceEntry(entry.Service, ofService);
            }
        }

        return new ServiceCatalog(entries, services, slices);
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
        private readonly List<EndpointSliceDefinition>? _slices;

        public ServiceEntry(ServiceDefinition service, List<EndpointSliceDefinition>? slices)
        {
            Service = service;
            _slices = slices;
            Ports = [.. service.Ports.Select(port => ResolvePort(service, port, slices))];
        }

        public ServiceDefinition Service { get; }

        public ServicePortEndpoints[] Ports { get; }

        /// <summary>Whether this entry was resolved from these very objects, the slices in the same order.</summary>
        public bool IsFor(ServiceDefinition service, List<EndpointSliceDefinition>? slices)
        {
            if (!ReferenceEquals(Service, service) || (_slices?.Count ?? 0) != (slices?.Count ?? 0))
            {
                return false;
            }

            for (var i = 0; i < (slices?.Count ?? 0); i++)
            {
                if (!ReferenceEquals(_slices![i], slices![i]))
                {
                    return false;
                }
            }

            return true;
        }

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
