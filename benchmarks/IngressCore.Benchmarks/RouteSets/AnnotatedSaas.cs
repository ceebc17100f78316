using IngressCore.Model;

namespace IngressCore.Benchmarks.RouteSets;

/// <summary>
/// The saas route set with ingress-nginx annotations on a few hosts, for the benchmarks of the
/// request's decision and of the middleware: a plain host, a canary by header and weight, a
/// literal rewrite and a rewrite with captures.
/// </summary>
internal static class AnnotatedSaas
{
    public const string Prefix = "nginx.ingress.kubernetes.io/";

    /// <summary>customer10: no annotations.</summary>
    public const string PlainHost = "customer10.platform.com";

    /// <summary>customer20: a canary Ingress on <c>/api</c> by header <c>X-Canary</c> and weight 30.</summary>
    public const string CanaryHost = "customer20.platform.com";

    /// <summary>customer30: <c>rewrite-target: /</c> (host-wide regex mode, no captures).</summary>
    public const string RewriteHost = "customer30.platform.com";

    /// <summary>customer40: <c>/api(/|$)(.*)</c> with <c>rewrite-target: /$2</c>.</summary>
    public const string CaptureHost = "customer40.platform.com";

    /// <summary>The saas Ingresses with annotations on three hosts and one canary Ingress added.</summary>
    public static List<IngressDefinition> Ingresses()
    {
        var saas = RouteSetCatalog.Get("saas").Ingresses;
        var result = new List<IngressDefinition>(saas.Count + 1);
        IngressDefinition? canaryPrimary = null;
        foreach (var ingress in saas)
        {
            var host = ingress.Rules.Count > 0 ? ingress.Rules[0].Host : null;
            switch (host)
            {
                case RewriteHost:
                    result.Add(ingress with { Annotations = new Dictionary<string, string> { [Prefix + "rewrite-target"] = "/" } });
                    break;
                case CaptureHost:
                    var rule = ingress.Rules[0];
                    var paths = rule.Paths!.Select(p => p.Path == "/api"
                        ? p with { Path = "/api(/|$)(.*)", PathType = PathType.ImplementationSpecific }
                        : p);
                    result.Add(ingress with
                    {
                        Annotations = new Dictionary<string, string> { [Prefix + "rewrite-target"] = "/$2" },
                        Rules = [rule with { Paths = [.. paths] }],
                    });
                    break;
                case CanaryHost:
                    canaryPrimary = ingress;
                    result.Add(ingress);
                    break;
                default:
                    result.Add(ingress);
                    break;
            }
        }

        var primary = canaryPrimary ?? throw new InvalidOperationException("saas has no " + CanaryHost);
        result.Add(new IngressDefinition
        {
            Namespace = primary.Namespace,
            Name = primary.Name + "-canary",
            CreationTimestamp = primary.CreationTimestamp?.AddDays(1),
            Annotations = new Dictionary<string, string>
            {
                [Prefix + "canary"] = "true",
                [Prefix + "canary-by-header"] = "X-Canary",
                [Prefix + "canary-weight"] = "30",
            },
            Rules =
            [
                new IngressRule
                {
                    Host = CanaryHost,
                    Paths = [new IngressPath { Path = "/api", PathType = PathType.Prefix, Backend = IngressBackend.ForService("svc-20-canary", 8080) }],
                },
            ],
        });
        return result;
    }
}
