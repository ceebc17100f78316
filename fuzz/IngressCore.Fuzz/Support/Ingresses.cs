using IngressCore.Model;

namespace IngressCore.Fuzz.Support;

/// <summary>Ingresses for the targets: one rule, one path, optional annotations.</summary>
internal static class Ingresses
{
    /// <summary>The annotation prefix ingress-nginx reads.</summary>
    public const string Prefix = "nginx.ingress.kubernetes.io/";

    public static IngressDefinition Create(
        string name, string? host, string path, PathType type, IEnumerable<(string Name, string Value)>? annotations = null) => new()
        {
            Namespace = "fuzz",
            Name = name,
            Annotations = (annotations ?? []).GroupBy(a => Prefix + a.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
            Rules =
        [
            new IngressRule
            {
                Host = host,
                Paths = [new IngressPath { Path = path, PathType = type, Backend = IngressBackend.ForService("svc-" + name, 80) }],
            },
        ],
        };
}
