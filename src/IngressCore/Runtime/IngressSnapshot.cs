using IngressCore.Authentication;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Discovery;
using IngressCore.Matching;
using IngressCore.Sources;
using IngressCore.Tls;

namespace IngressCore.Runtime;

/// <summary>
/// Everything a request is served with, built together from one set of objects: the route table,
/// the certificate store, the Services with their endpoints, and what was found wrong. Immutable:
/// the runtime swaps in a whole new snapshot when the objects change, and a request reads one
/// snapshot from start to end, so it never sees a table and certificates that disagree.
/// </summary>
public sealed class IngressSnapshot
{
    internal IngressSnapshot(
        long version,
        IngressObjects objects,
        RouteTable routes,
        SniCertificateStore certificates,
        ServiceCatalog services,
        PassthroughHosts passthrough,
        IReadOnlyList<IngressDiagnostic> diagnostics,
        AuthStore? authentication = null)
    {
        Authentication = authentication ?? AuthStore.Empty;
        Version = version;
        Objects = objects;
        Routes = routes;
        Certificates = certificates;
        Services = services;
        Passthrough = passthrough;
        Diagnostics = diagnostics;
    }

    /// <summary>Counts the snapshots of one runtime: 1 for the first, one more for each swap.</summary>
    public long Version { get; }

    /// <summary>
    /// The objects this snapshot was built from: every source's merged, with the last good version
    /// of an object that could not be read this time kept in place.
    /// </summary>
    public IngressObjects Objects { get; }

    /// <summary>The compiled route table.</summary>
    public RouteTable Routes { get; }

    /// <summary>The certificates, by server name, of the served Ingresses' <c>spec.tls</c>.</summary>
    public SniCertificateStore Certificates { get; }

    /// <summary>The Services and where each of their ports sends traffic.</summary>
    public ServiceCatalog Services { get; }

    /// <summary>What the authentication annotations name, loaded: htpasswd users, CA bundles, auth headers.</summary>
    internal AuthStore Authentication { get; }

    /// <summary>The ssl-passthrough hosts and their endpoints.</summary>
    internal PassthroughHosts Passthrough { get; }

    /// <summary>
    /// Everything found: problems reading the objects, refused and conflicting Ingresses, TLS
    /// Secrets that could not be used, ssl-passthrough hosts without endpoints, a class that
    /// matches nothing. Errors name what was refused; the rest was built.
    /// </summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    /// <summary>
    /// The access control of the location a request matched (source ranges, basic and external
    /// auth, the host's client certificates), or <see langword="null"/> when it has none.
    /// </summary>
    /// <param name="match">A match against <see cref="Routes"/>.</param>
    /// <returns>The policy.</returns>
    public IngressAccessPolicy? AccessPolicy(RouteMatch match)
    {
        var policies = match.Policies;
        var certificates = match.VirtualHost?.ClientCertificates;
        return policies.HasAuthentication || policies.Allowlist is not null || policies.Denylist is not null || certificates is not null
            ? new IngressAccessPolicy(policies, certificates, Authentication)
            : null;
    }

    /// <summary>
    /// Builds a snapshot from one set of objects, as the runtime does for its first one: what a
    /// controller or a tool that needs no web host uses (<c>ingresscore validate</c> and
    /// <c>match</c> do). Never throws for bad objects: they are refused with a diagnostic.
    /// </summary>
    /// <param name="objects">The objects.</param>
    /// <param name="options">The class served and the other options; the defaults when <see langword="null"/>.</param>
    /// <returns>The snapshot, version 1.</returns>
    public static IngressSnapshot Build(IngressObjects objects, IngressRoutingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return new SnapshotCompiler(options ?? new IngressRoutingOptions()).Compile(objects, previous: null).Snapshot;
    }
}
