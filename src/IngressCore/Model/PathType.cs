namespace IngressCore.Model;

/// <summary>How an Ingress path is compared with a request path (networking.k8s.io/v1 <c>pathType</c>).</summary>
public enum PathType
{
    /// <summary>The whole path, case-sensitive.</summary>
    Exact,

    /// <summary>Whole <c>/</c>-separated elements, case-sensitive; a trailing slash is ignored on either side.</summary>
    Prefix,

    /// <summary>Left to the engine: Prefix in IngressCore, unless the host is in ingress-nginx regex mode.</summary>
    ImplementationSpecific,
}
