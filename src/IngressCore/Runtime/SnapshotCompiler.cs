using IngressCore.Authentication;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Discovery;
using IngressCore.Matching;
using IngressCore.Sources;
using IngressCore.Tls;

namespace IngressCore.Runtime;

/// <summary>What one compilation made, and which of its parts it rebuilt (the rest came from the previous one).</summary>
/// <param name="Snapshot">The snapshot.</param>
/// <param name="RoutesRebuilt">Whether the route table was built anew (the Ingresses changed).</param>
/// <param name="CertificatesRebuilt">Whether the certificate store was built anew.</param>
/// <param name="ServicesRebuilt">Whether the Service catalog was built anew (Services or EndpointSlices changed).</param>
/// <param name="Unchanged">Whether the objects and their diagnostics are exactly the previous snapshot's: nothing to swap in.</param>
internal sealed record Compilation(IngressSnapshot Snapshot, bool RoutesRebuilt, bool CertificatesRebuilt, bool ServicesRebuilt, bool Unchanged = false);

/// <summary>
/// Turns a set of objects into a snapshot, rebuilding only the parts whose objects changed since
/// the previous one: a change to Services or EndpointSlices alone keeps the route table and the
/// certificates, a change to Secrets alone keeps the table. Objects are compared by reference, as
/// sources hand the same instance again for an object that did not change. What turns bad keeps
/// its last good version: an object a source could not read (an error names it or its file), and
/// an Ingress the builder refuses that the previous table served.
/// </summary>
internal sealed class SnapshotCompiler(IngressRoutingOptions options)
{
    private readonly RouteTableOptions _tableOptions = options.ToRouteTableOptions();

    // What each Ingress was judged by the last build: a rebuild judges only the Ingresses that changed.
    private readonly IngressVerdicts _verdicts = new();

    public Compilation Compile(IngressObjects incoming, IngressSnapshot? previous)
    {
        var objects = LastGoodObjects.CarryOver(previous?.Objects, incoming);
        var before = previous?.Objects;
        if (previous is not null && Same(before!, objects))
        {
            return new Compilation(previous, false, false, false, Unchanged: true);
        }

        var routesRebuilt = before is null || !SameInstances.Equal(before.Ingresses, objects.Ingresses);
        var routes = routesRebuilt ? BuildRoutes(objects.Ingresses, previous?.Routes) : previous!.Routes;

        var certificatesRebuilt = routesRebuilt || !SameInstances.Equal(before!.TlsSecrets, objects.TlsSecrets);
        var certificates = certificatesRebuilt ? BuildCertificates(routes, objects.TlsSecrets, previous?.Certificates) : previous!.Certificates;

        var servicesRebuilt = before is null || !SameInstances.Equal(before.Services, objects.Services) || !SameInstances.Equal(before.EndpointSlices, objects.EndpointSlices);
        var services = servicesRebuilt ? ServiceCatalog.Build(objects.Services, objects.EndpointSlices, previous?.Services) : previous!.Services;

        // The passthrough hosts come from the table; the Services only give their endpoints, so
        // without a passthrough host an endpoint change leaves them as they are.
        var passthrough = routesRebuilt || (servicesRebuilt && previous!.Passthrough.Count > 0)
            ? PassthroughHosts.Build(routes, services)
            : previous!.Passthrough;

        // The users, CA bundles and auth headers the annotations name: reloaded with their objects.
        var authentication = routesRebuilt || !SameInstances.Equal(before!.Secrets, objects.Secrets) || !SameInstances.Equal(before.TlsSecrets, objects.TlsSecrets) || !SameInstances.Equal(before.ConfigMaps, objects.ConfigMaps)
            ? AuthStore.Build(routes, objects.Secrets, objects.TlsSecrets, objects.ConfigMaps, previous?.Authentication)
            : previous!.Authentication;

        IngressDiagnostic[] diagnostics = [.. objects.Diagnostics, .. routes.Diagnostics, .. certificates.Diagnostics, .. passthrough.Diagnostics, .. authentication.Diagnostics];
        var snapshot = new IngressSnapshot((previous?.Version ?? 0) + 1, objects, routes, certificates, services, passthrough, diagnostics, authentication);
        return new Compilation(snapshot, routesRebuilt, certificatesRebuilt, servicesRebuilt);
    }

    /// <summary>
    /// Builds the table; an Ingress refused with errors that the previous table served keeps
    /// serving at its last good version (with a warning), so one bad edit never takes a working
    /// route down.
    /// </summary>
    private RouteTable BuildRoutes(IReadOnlyList<IngressDefinition> ingresses, RouteTable? previous)
    {
        var table = new RouteTableBuilder(_tableOptions) { Verdicts = _verdicts }.AddRange(ingresses).Build();
        if (previous is null || previous.Ingresses.Count == 0)
        {
            return table;
        }

        var lastGood = previous.Ingresses.ToDictionary(i => (i.Namespace, i.Name));
        var refused = table.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Namespace is not null && d.Name is not null)
            .Select(d => (d.Namespace!, d.Name!))
            .Where(lastGood.ContainsKey)
            .ToHashSet();
        if (refused.Count == 0)
        {
            return table;
        }

        var kept = ingresses
            .Where(i => !refused.Contains((i.Namespace, i.Name)))
            .Concat(refused.Select(key => lastGood[key]));
        var rebuilt = new RouteTableBuilder(_tableOptions) { Verdicts = _verdicts }.AddRange(kept).Build();
        var notes = refused.Select(key => IngressDiagnostic.For(
            DiagnosticSeverity.Warning, lastGood[key], "-",
            $"the new version of Ingress {key.Item1}/{key.Item2} was refused; its last good version keeps serving"));

        // The rebuild reports every other refusal again; from the first build keep only the
        // errors of the Ingresses that were replaced by their last good version.
        var replacedErrors = table.Diagnostics.Where(d =>
            d.Severity == DiagnosticSeverity.Error && refused.Contains((d.Namespace!, d.Name!)));
        return rebuilt.WithDiagnostics([.. replacedErrors, .. notes, .. rebuilt.Diagnostics]);
    }

    private SniCertificateStore BuildCertificates(RouteTable routes, IReadOnlyList<TlsSecret> secrets, SniCertificateStore? previous)
    {
        try
        {
            // A rebuild reuses every certificate whose Secret is unchanged, chain context and all.
            return previous is null
                ? SniCertificateStore.BuildWithAliases(routes.Ingresses, secrets, options.CertificateStoreOptions, routes.Aliases)
                : previous.Rebuild(routes.Ingresses, secrets, routes.Aliases);
        }
#pragma warning disable CA1031 // Never take the gateway down over certificates: the previous ones keep serving.
        catch (Exception e) when (previous is not null)
#pragma warning restore CA1031
        {
            return previous.WithDiagnostics([.. previous.Diagnostics, new IngressDiagnostic
            {
                Severity = DiagnosticSeverity.Error,
                Kind = "Secret",
                Message = $"building the certificate store failed ({e.GetType().Name}: {Printable.Of(e.Message, 200)}); the previous certificates keep serving",
            }]);
        }
    }

    /// <summary>Whether two sets of objects hold the very same objects, and the same diagnostics.</summary>
    private static bool Same(IngressObjects a, IngressObjects b) =>
        SameInstances.Equal(a.Ingresses, b.Ingresses) &&
        SameInstances.Equal(a.IngressClasses, b.IngressClasses) &&
        SameInstances.Equal(a.Services, b.Services) &&
        SameInstances.Equal(a.EndpointSlices, b.EndpointSlices) &&
        SameInstances.Equal(a.TlsSecrets, b.TlsSecrets) &&
        SameInstances.Equal(a.Secrets, b.Secrets) &&
        SameInstances.Equal(a.ConfigMaps, b.ConfigMaps) &&
        a.Diagnostics.SequenceEqual(b.Diagnostics);
}
