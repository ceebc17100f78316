namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// One kind the source reads, as the API serves it: the collection's path (core group under
/// <c>api/v1</c>, the others under <c>apis/GROUP/VERSION</c>), whether it is namespaced, and the
/// selectors sent with every list and watch.
/// </summary>
/// <param name="Kind">The kind, such as <c>Ingress</c>.</param>
/// <param name="Plural">The resource, such as <c>ingresses</c>.</param>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Namespaced">Whether objects of the kind live in a namespace.</param>
internal sealed record ResourceKind(string Kind, string Plural, string Group, bool Namespaced)
{
    public static readonly ResourceKind Ingress = new(KnownKinds.Ingress, "ingresses", "networking.k8s.io", true);
    public static readonly ResourceKind IngressClass = new(KnownKinds.IngressClass, "ingressclasses", "networking.k8s.io", false);
    public static readonly ResourceKind Service = new(KnownKinds.Service, "services", "", true);
    public static readonly ResourceKind EndpointSlice = new(KnownKinds.EndpointSlice, "endpointslices", "discovery.k8s.io", true);
    public static readonly ResourceKind Secret = new(KnownKinds.Secret, "secrets", "", true) { FieldSelector = "type=" + TlsSecretType };
    public static readonly ResourceKind ConfigMap = new(KnownKinds.ConfigMap, "configmaps", "", true);

    /// <summary>
    /// Opaque Secrets, watched apart from the TLS ones: what basic auth (<c>auth</c>) and
    /// client-certificate auth (<c>ca.crt</c>) read. Other types (service-account tokens, Helm
    /// releases) are never asked for.
    /// </summary>
    public static readonly ResourceKind OpaqueSecret = new(KnownKinds.Secret, "secrets", "", true) { FieldSelector = "type=" + OpaqueSecretType };

    /// <summary>The Secret type of certificates.</summary>
    public const string TlsSecretType = "kubernetes.io/tls";

    /// <summary>The Secret type of htpasswd files and CA bundles.</summary>
    public const string OpaqueSecretType = "Opaque";

    /// <summary>The field selector sent with every list and watch, if any.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>The label selector sent with every list and watch, if any.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>The resource as RBAC rules and API errors name it: <c>ingresses.networking.k8s.io</c>, or <c>services</c> for the core group.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : Plural + "." + Group;

    private string Prefix => Group.Length == 0 ? "api/v1" : $"apis/{Group}/v1";

    /// <summary>The collection's path, relative to the server: in <paramref name="ns"/>, or across the cluster when <see langword="null"/>.</summary>
    public string CollectionPath(string? ns) =>
        Namespaced && ns is not null ? $"{Prefix}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}" : $"{Prefix}/{Plural}";

    /// <summary>One object's path, relative to the server.</summary>
    public string ObjectPath(string ns, string name) =>
        Namespaced
            ? $"{Prefix}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}/{Uri.EscapeDataString(name)}"
            : $"{Prefix}/{Plural}/{Uri.EscapeDataString(name)}";

    /// <summary>The selectors as query parameters (each with its leading <c>&amp;</c>).</summary>
    public string SelectorQuery =>
        (FieldSelector is null ? "" : "&fieldSelector=" + Uri.EscapeDataString(FieldSelector)) +
        (LabelSelector is null ? "" : "&labelSelector=" + Uri.EscapeDataString(LabelSelector));

    /// <summary>Where a kind's scope is read from, for messages: a namespace, or the cluster.</summary>
    public string Scope(string? ns) => Namespaced && ns is not null ? $"namespace {ns}" : Namespaced ? "all namespaces" : "the cluster";
}
