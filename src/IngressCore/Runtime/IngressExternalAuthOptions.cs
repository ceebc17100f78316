namespace IngressCore.Runtime;

/// <summary>
/// How <c>auth-url</c> subrequests are made (docs/annotations.md, external authentication): the
/// waits, by the host's <see cref="TimeProvider"/> (ingress-nginx's <c>proxy-connect-timeout</c> and
/// <c>proxy-read-timeout</c>, which its auth location inherits), and the <c>auth-cache-key</c> cache.
/// An auth service that does not answer in time is an error: the request gets 500, never its backend.
/// </summary>
public sealed class IngressExternalAuthOptions
{
    /// <summary>How long connecting to the auth service may take (ingress-nginx <c>proxy-connect-timeout</c>, default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the auth service's answer may take from the start of the subrequest (ingress-nginx <c>proxy-read-timeout</c>, default 60 s).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most answers <c>auth-cache-key</c> keeps at once (default 10,000); 0 keeps none.</summary>
    public int CacheCapacity { get; set; } = 10_000;

    /// <summary>
    /// The cluster's DNS domain (default <c>cluster.local</c>): an auth URL host
    /// <c>SERVICE.NAMESPACE.svc.DOMAIN</c> (or <c>SERVICE.NAMESPACE.svc</c>) goes to that Service's
    /// ready endpoints when the Service is known, as kube-proxy would send it.
    /// </summary>
    public string ClusterDomain { get; set; } = "cluster.local";
}
