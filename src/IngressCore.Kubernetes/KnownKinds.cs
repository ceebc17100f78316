namespace IngressCore.Kubernetes;

/// <summary>The kinds the loader reads, by API group, and the versions Kubernetes no longer serves.</summary>
internal static class KnownKinds
{
    public const string Ingress = "Ingress";
    public const string IngressClass = "IngressClass";
    public const string Service = "Service";
    public const string Secret = "Secret";
    public const string EndpointSlice = "EndpointSlice";
    public const string ConfigMap = "ConfigMap";

    private static readonly (string Group, string Kind, string Version)[] Served =
    [
        ("networking.k8s.io", Ingress, "v1"),
        ("networking.k8s.io", IngressClass, "v1"),
        (string.Empty, Service, "v1"),
        (string.Empty, Secret, "v1"),
        ("discovery.k8s.io", EndpointSlice, "v1"),
        (string.Empty, ConfigMap, "v1"),
    ];

    private static readonly (string ApiVersion, string Kind, string RemovedIn)[] Removed =
    [
        ("extensions/v1beta1", Ingress, "1.22"),
        ("networking.k8s.io/v1beta1", Ingress, "1.22"),
        ("networking.k8s.io/v1beta1", IngressClass, "1.22"),
        ("discovery.k8s.io/v1beta1", EndpointSlice, "1.25"),
    ];

    /// <summary>The apiVersion to use for a kind, or <see langword="null"/> when the kind (in that group) is not read.</summary>
    /// <param name="apiVersion">The object's apiVersion, <c>group/version</c> or <c>version</c> for the core group.</param>
    /// <param name="kind">The object's kind.</param>
    /// <param name="removedIn">The Kubernetes release that stopped serving this apiVersion, when it is one of those.</param>
    public static string? ExpectedApiVersion(string apiVersion, string kind, out string? removedIn)
    {
        removedIn = null;
        foreach (var (removedVersion, removedKind, release) in Removed)
        {
            if (removedVersion == apiVersion && removedKind == kind)
            {
                removedIn = release;
                return kind == EndpointSlice ? "discovery.k8s.io/v1" : "networking.k8s.io/v1";
            }
        }

        var slash = apiVersion.LastIndexOf('/');
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        if (kind == Ingress && group == "extensions")
        {
            return "networking.k8s.io/v1";
        }

        foreach (var (servedGroup, servedKind, version) in Served)
        {
            if (servedGroup == group && servedKind == kind)
            {
                return servedGroup.Length == 0 ? version : servedGroup + "/" + version;
            }
        }

        return null;
    }
}
