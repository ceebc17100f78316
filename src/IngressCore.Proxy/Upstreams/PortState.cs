using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IngressCore.Forwarding.Upstreams;

/// <summary>
/// What outlives snapshots for one Service port: the round-robin position and the state of each
/// endpoint seen, by <c>address:port</c>, plus the names ingress-nginx's affinity cookies are made of.
/// </summary>
internal sealed class PortState
{
    private int _roundRobin = -1;

    public PortState(string ns, string service, int port, bool clusterIp)
    {
        Namespace = ns;
        Service = service;
        Port = port;
        ClusterIp = clusterIp;
        Label = string.Create(CultureInfo.InvariantCulture, $"{ns}/{service}:{port}");
        // ingress-nginx's upstream name and its sticky balancer's backend key,
        // md5(md5(name) .. name) (rootfs/etc/nginx/lua/balancer/sticky.lua): a cookie pins to this
        // Service port only when it carries this key.
        UpstreamName = string.Create(CultureInfo.InvariantCulture, $"{ns}-{service}-{port}");
        ClusterDnsName = string.Create(CultureInfo.InvariantCulture, $"{service}.{ns}.svc");
        BackendKey = Md5Hex(Md5Hex(UpstreamName) + UpstreamName);
    }

    public string Namespace { get; }

    public string Service { get; }

    /// <summary>The Service port number.</summary>
    public int Port { get; }

    /// <summary>Whether this is the Service's cluster IP (<c>service-upstream</c>) rather than its endpoints.</summary>
    public bool ClusterIp { get; }

    /// <summary><c>namespace/name:port</c>, for logs and <c>IngressUpstreamFeature.Service</c>.</summary>
    public string Label { get; }

    /// <summary>ingress-nginx's name for the upstream, <c>namespace-name-port</c>: the salt of persistent affinity.</summary>
    public string UpstreamName { get; }

    /// <summary><c>service.namespace.svc</c>: the name a verified TLS backend's certificate must carry when no <c>proxy-ssl-name</c> is set.</summary>
    public string ClusterDnsName { get; }

    /// <summary>The second half of an affinity cookie's value.</summary>
    public string BackendKey { get; }

    /// <summary>The endpoints seen, by <c>address:port</c>.</summary>
    public ConcurrentDictionary<string, EndpointState> Endpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>The next round-robin position (wraps).</summary>
    public uint NextRoundRobin() => unchecked((uint)Interlocked.Increment(ref _roundRobin));

    /// <summary>Lower-case hex MD5, as ingress-nginx's <c>ngx.md5</c>: a name, not a secret.</summary>
    public static string Md5Hex(string text)
    {
#pragma warning disable CA5351 // Not security: the cookie format of ingress-nginx, so its cookies keep working.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
    }
}
