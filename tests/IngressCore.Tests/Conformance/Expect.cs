using System.Globalization;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Tests.Conformance;

/// <summary>What a source says a request gets: a rule's backend, a default backend, or 404.</summary>
internal sealed record Expect(RouteMatchStatus Status, string? Backend)
{
    public static readonly Expect NotFound = new(RouteMatchStatus.NotFound, null);

    /// <summary>A path rule takes the request; <paramref name="backend"/> is <c>service:port</c>.</summary>
    public static Expect Rule(string backend) => new(RouteMatchStatus.Matched, backend);

    /// <summary>A <c>spec.defaultBackend</c> takes the request; <paramref name="backend"/> is <c>service:port</c>.</summary>
    public static Expect DefaultBackend(string backend) => new(RouteMatchStatus.DefaultBackend, backend);

    public static string Describe(IngressBackend? backend) =>
        backend?.ServiceName is null
            ? "(none)"
            : backend.ServiceName + ":" + (backend.PortNumber?.ToString(CultureInfo.InvariantCulture) ?? backend.PortName);

    public override string ToString() => Backend is null ? Status.ToString() : $"{Status} {Backend}";
}
