using IngressCore.Model;

namespace IngressCore.Tls.Tests.Support;

/// <summary>Short builders for Ingresses with rules and <c>spec.tls</c> entries.</summary>
public static class Ingresses
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An Ingress in <paramref name="ns"/> with a rule per host and the given TLS entries.</summary>
    public static IngressDefinition Ingress(string ns, string name, string[] ruleHosts, params IngressTls[] tls) => new()
    {
        Namespace = ns,
        Name = name,
        Rules = [.. ruleHosts.Select(h => new IngressRule { Host = h, Paths = [new IngressPath { Path = "/", PathType = PathType.Prefix, Backend = IngressBackend.ForService("web", 80) }] })],
        Tls = tls,
    };

    /// <summary>A <c>spec.tls</c> entry.</summary>
    public static IngressTls TlsEntry(string? secretName, params string[] hosts) => new() { SecretName = secretName, Hosts = hosts };

    /// <summary>The same Ingress, created <paramref name="days"/> days after an arbitrary epoch (smaller is older).</summary>
    public static IngressDefinition CreatedOnDay(this IngressDefinition ingress, int days) =>
        ingress with { CreationTimestamp = Epoch.AddDays(days) };
}
