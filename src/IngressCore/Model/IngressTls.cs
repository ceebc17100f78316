namespace IngressCore.Model;

/// <summary>One <c>spec.tls[]</c> entry: the hosts a Secret's certificate serves.</summary>
public sealed record IngressTls
{
    /// <summary>The hosts (exact or <c>*.</c> wildcard) this entry covers.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>The <c>kubernetes.io/tls</c> Secret in the Ingress's namespace, if any.</summary>
    public string? SecretName { get; init; }
}
