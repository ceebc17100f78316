using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Backends;

/// <summary>
/// The in-process backend branches of one application pipeline (<c>MapIngressBackend</c>), keyed by
/// Service and optionally namespace and port, and the fallback for Services without a branch.
/// Written while the pipeline is built, read by every request.
/// </summary>
internal sealed class IngressBackendRegistry
{
    private const string PropertyKey = "IngressCore.Backends.IngressBackendRegistry";

    private readonly Lock _gate = new();
    private volatile Entry[] _entries = [];

    /// <summary>Where requests for a Service without a branch go; <see langword="null"/> answers 503.</summary>
    public RequestDelegate? Fallback { get; private set; }

    /// <summary>The registry of <paramref name="app"/>'s pipeline, created on first use.</summary>
    public static IngressBackendRegistry Of(IApplicationBuilder app)
    {
        if (app.Properties.TryGetValue(PropertyKey, out var existing) && existing is IngressBackendRegistry registry)
        {
            return registry;
        }

        registry = new IngressBackendRegistry();
        app.Properties[PropertyKey] = registry;
        return registry;
    }

    /// <summary>Adds a branch for <paramref name="service"/> (<c>name</c> or <c>namespace/name</c>).</summary>
    /// <exception cref="ArgumentException">The name is malformed.</exception>
    /// <exception cref="InvalidOperationException">The same Service and port already has a branch.</exception>
    public void Add(string service, int? portNumber, string? portName, RequestDelegate branch)
    {
        var slash = service.IndexOf('/', StringComparison.Ordinal);
        var ns = slash < 0 ? null : service[..slash];
        var name = slash < 0 ? service : service[(slash + 1)..];
        if (name.Length == 0 || ns is { Length: 0 } || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A Service is named 'name' or 'namespace/name', got '{service}'.", nameof(service));
        }

        var entry = new Entry(ns, name, portNumber, portName, branch);
        lock (_gate)
        {
            if (_entries.Any(e => e.SameKey(entry)))
            {
                throw new InvalidOperationException($"An in-process backend for Service '{service}'{entry.PortText} is already mapped.");
            }

            _entries = [.. _entries, entry];
        }
    }

    /// <summary>Sets the branch for Services that have none of their own.</summary>
    /// <exception cref="InvalidOperationException">A fallback is already set.</exception>
    public void SetFallback(RequestDelegate branch)
    {
        lock (_gate)
        {
            if (Fallback is not null)
            {
                throw new InvalidOperationException("An ingress backend fallback is already mapped.");
            }

            Fallback = branch;
        }
    }

    /// <summary>
    /// The branch for the route's backend: the most specific mapping wins (a namespace-qualified
    /// name over a bare one, a port over any port); <see langword="null"/> when none applies.
    /// </summary>
    public RequestDelegate? Find(Route route) => Find(route.Namespace, route.Backend);

    /// <summary>The branch for <paramref name="backend"/> referenced from namespace <paramref name="ns"/>, as <see cref="Find(Route)"/>.</summary>
    public RequestDelegate? Find(string ns, IngressBackend backend)
    {
        if (backend.ServiceName is null)
        {
            return null;
        }

        Entry? best = null;
        var bestScore = -1;
        foreach (var entry in _entries)
        {
            if (!string.Equals(entry.Name, backend.ServiceName, StringComparison.Ordinal) ||
                (entry.Namespace is not null && !string.Equals(entry.Namespace, ns, StringComparison.Ordinal)) ||
                (entry.PortNumber is { } number && number != backend.PortNumber) ||
                (entry.PortName is { } portName && !string.Equals(portName, backend.PortName, StringComparison.Ordinal)))
            {
                continue;
            }

            var score = (entry.Namespace is null ? 0 : 2) + (entry.PortNumber is null && entry.PortName is null ? 0 : 1);
            if (score > bestScore)
            {
                best = entry;
                bestScore = score;
            }
        }

        return best?.Branch;
    }

    private sealed record Entry(string? Namespace, string Name, int? PortNumber, string? PortName, RequestDelegate Branch)
    {
        public string PortText => PortNumber is { } n ? $" port {n}" : PortName is { } p ? $" port '{p}'" : "";

        public bool SameKey(Entry other) =>
            Namespace == other.Namespace && Name == other.Name && PortNumber == other.PortNumber && PortName == other.PortName;
    }
}
