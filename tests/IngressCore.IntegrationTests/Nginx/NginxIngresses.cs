using System.Collections.Frozen;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Nginx;

/// <summary>Ingresses for the differential suite: distinct ages (so both sides agree on "oldest"), one Service per Ingress.</summary>
internal static class NginxIngresses
{
    /// <summary>An Ingress <paramref name="age"/> minutes after the epoch with one rule.</summary>
    public static IngressDefinition Ingress(
        string name,
        int age,
        string host,
        IReadOnlyDictionary<string, string>? annotations,
        params (string Path, PathType Type)[] paths) =>
        Ingress(name, age, annotations, new IngressRule { Host = host, Paths = [.. paths.Select(p => Path(name, p.Path, p.Type))] });

    /// <summary>An Ingress with several rules.</summary>
    public static IngressDefinition Ingress(string name, int age, IReadOnlyDictionary<string, string>? annotations, params IngressRule[] rules) =>
        new()
        {
            Namespace = "default",
            Name = name,
            IngressClassName = "ingresscore",
            CreationTimestamp = DateTimeOffset.UnixEpoch.AddMinutes(age),
            Annotations = (annotations ?? new Dictionary<string, string>()).ToFrozenDictionary(),
            Rules = rules,
        };

    public static IngressPath Path(string service, string path, PathType type) =>
        new() { Path = path, PathType = type, Backend = IngressBackend.ForService(service, 80) };

    /// <summary>nginx.ingress.kubernetes.io/ annotations.</summary>
    public static IReadOnlyDictionary<string, string> NginxAnnotations(params (string Name, string Value)[] annotations) =>
        annotations.ToDictionary(a => "nginx.ingress.kubernetes.io/" + a.Name, a => a.Value);

    /// <summary>The route id of an Ingress's first rule's path <paramref name="path"/>.</summary>
    public static string Id(string ingress, int path = 0, int rule = 0) => IngressNginxRenderer.RouteId(ingress, rule, path);
}
