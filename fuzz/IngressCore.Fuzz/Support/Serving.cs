using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Tests.Reference;
using IngressCore.Tls;

namespace IngressCore.Fuzz.Support;

/// <summary>
/// Builds a table the way the server does and runs requests through the same decision the
/// middleware makes, checking what must hold whatever the Ingresses say: each Ingress is served
/// exactly when it has no error, every diagnostic is printable, and nothing an annotation put in
/// a Location or an upstream request-target can break a header or a request line.
/// </summary>
internal static class Serving
{
    /// <summary>The canary draw always lands on the same value, so a run is repeatable.</summary>
    private sealed class FixedDraw : ICanaryRandom
    {
        public int Draw(int total) => (total + 1) / 2;
    }

    /// <summary>Built on first use (see <see cref="FuzzTargets"/>): no host has a certificate, so only force-ssl-redirect redirects to HTTPS.</summary>
    private static SniCertificateStore? _certificates;

    private static IngressRequestDecider? _decider;

    /// <summary>Builds the table; throws a <see cref="FuzzFinding"/> when an invariant of the build breaks.</summary>
    public static RouteTable Build(params IngressDefinition[] ingresses)
    {
        var table = new RouteTableBuilder().AddRange(ingresses).Build();
        foreach (var diagnostic in table.Diagnostics)
        {
            FuzzText.AssertPrintable(diagnostic.Message, "a diagnostic's message");
            FuzzText.AssertPrintable(diagnostic.Field, "a diagnostic's field");
            FuzzText.AssertPrintable(diagnostic.ObjectName, "a diagnostic's object");
        }

        // Ingresses of another class, and a namespace/name given twice, are left out (docs/matching.md §1).
        var ofOurClass = ReferenceMatcher.Served(ingresses, new RouteTableOptions()).Select(i => i.QualifiedName).ToHashSet(StringComparer.Ordinal);
        foreach (var ingress in ingresses)
        {
            if (!ofOurClass.Contains(ingress.QualifiedName))
            {
                if (table.Ingresses.Any(i => i.QualifiedName == ingress.QualifiedName))
                {
                    throw new FuzzFinding($"{ingress.QualifiedName} is served, but it is of another class or given twice");
                }

                continue;
            }

            var refused = table.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Name == ingress.Name && d.Namespace == ingress.Namespace);
            var served = table.Ingresses.Any(i => i.QualifiedName == ingress.QualifiedName);
            if (refused == served)
            {
                throw new FuzzFinding($"{ingress.QualifiedName} is {(served ? "served with an error" : "refused without an error")}");
            }
        }

        return table;
    }

    /// <summary>Decides a request; checks that a Location, an upstream target and an X-Forwarded-Prefix are header- and request-line-safe.</summary>
    public static IngressDecision Decide(RouteTable table, FuzzRequest request)
    {
        _certificates ??= SniCertificateStore.Build([], []);
        _decider ??= new IngressRequestDecider(null, new FixedDraw());
        var decision = _decider.Decide(table, _certificates, request);
        AssertSafe(decision.Location, "the Location");
        AssertSafe(decision.UpstreamTarget, "the upstream request-target");
        AssertSafe(decision.ForwardedPrefix, "X-Forwarded-Prefix");
        return decision;
    }

    /// <summary>The requests the annotation targets send: plain ones, so anything unsafe in the answer came from an annotation.</summary>
    public static IReadOnlyList<FuzzRequest> PlainRequests { get; } =
    [
        new("http", "fuzz.example.com", "/"),
        new("https", "fuzz.example.com", "/app/a/b?x=1"),
        new("http", "www.fuzz.example.com", "/app"),
        new("http", "fuzz.example.com:8080", "/app/%3F/%23/%25/%20/caf%C3%A9?q"),
        new("http", "other.example.com", "/app/"),
    ];

    private static void AssertSafe(string? text, string what)
    {
        FuzzText.AssertPrintable(text, what);
        if (text is not null && text.AsSpan().IndexOfAny(" \u00a0") >= 0)
        {
            throw new FuzzFinding($"{what} holds a space: {text}");
        }
    }
}
