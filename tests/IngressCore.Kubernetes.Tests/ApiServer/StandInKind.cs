namespace IngressCore.Kubernetes.Tests.ApiServer;

/// <summary>A kind the stand-in API server serves: its resource name, group, version and scope.</summary>
internal sealed record StandInKind(string Plural, string Group, string Version, string Kind, bool Namespaced)
{
    public static readonly IReadOnlyList<StandInKind> All =
    [
        new("ingresses", "networking.k8s.io", "v1", "Ingress", true),
        new("ingressclasses", "networking.k8s.io", "v1", "IngressClass", false),
        new("services", "", "v1", "Service", true),
        new("endpointslices", "discovery.k8s.io", "v1", "EndpointSlice", true),
        new("secrets", "", "v1", "Secret", true),
        new("configmaps", "", "v1", "ConfigMap", true),
    ];

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public static StandInKind ByKind(string kind) =>
        All.FirstOrDefault(k => k.Kind == kind) ?? throw new ArgumentException($"the stand-in does not serve {kind}");
}
