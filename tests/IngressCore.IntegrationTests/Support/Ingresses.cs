using System.Collections.Frozen;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Support;

/// <summary>Ingresses in the shapes the tests need, as ingress-nginx's e2e framework builds them.</summary>
internal static class Ingresses
{
    private static int s_age;

    /// <summary>
    /// One rule, one Prefix path, like the e2e framework's <c>NewSingleIngress</c>; with
    /// <paramref name="tlsHosts"/> like <c>NewSingleIngressWithTLS</c> (secret named after the Ingress).
    /// </summary>
    public static IngressDefinition Single(
        string name,
        string host,
        string path,
        string service,
        int port = 80,
        IReadOnlyDictionary<string, string>? annotations = null,
        IReadOnlyList<string>? tlsHosts = null,
        string ns = "default",
        PathType pathType = PathType.Prefix,
        string? secretName = null) =>
        new()
        {
            Namespace = ns,
            Name = name,
            IngressClassName = "ingresscore",
            // Distinct ages keep conflict resolution deterministic across tests.
            CreationTimestamp = DateTimeOffset.UnixEpoch.AddMinutes(Interlocked.Increment(ref s_age)),
            Annotations = (annotations ?? new Dictionary<string, string>()).ToFrozenDictionary(),
            Rules = [Rule(host, (path, pathType, service, port))],
            Tls = tlsHosts is null ? [] : [new IngressTls { Hosts = tlsHosts, SecretName = secretName ?? name }],
        };

    public static IngressRule Rule(string? host, params (string Path, PathType Type, string Service, int Port)[] paths) =>
        new()
        {
            Host = host,
            Paths = [.. paths.Select(p => new IngressPath
            {
                Path = p.Path,
                PathType = p.Type,
                Backend = IngressBackend.ForService(p.Service, p.Port),
            })],
        };

    public static IReadOnlyDictionary<string, string> Nginx(params (string Name, string Value)[] annotations) =>
        annotations.ToDictionary(a => "nginx.ingress.kubernetes.io/" + a.Name, a => a.Value);
}
