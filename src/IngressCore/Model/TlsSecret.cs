namespace IngressCore.Model;

/// <summary>
/// A Secret of type <c>kubernetes.io/tls</c> as plain data: a PEM certificate chain and its PEM
/// private key, which an Ingress's <c>spec.tls[].secretName</c> refers to.
/// </summary>
public sealed record TlsSecret
{
    /// <summary>The namespace (<c>metadata.namespace</c>; loaders default it to <c>default</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>The name (<c>metadata.name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The certificate chain in PEM form (the Secret's <c>tls.crt</c>).</summary>
    public required string CertificatePem { get; init; }

    /// <summary>The private key in PEM form (the Secret's <c>tls.key</c>).</summary>
    public required string PrivateKeyPem { get; init; }

    /// <summary>
    /// The Secret's <c>ca.crt</c> in PEM form, or <see langword="null"/> (cert-manager writes the
    /// issuing CA there): the CAs that verify a backend's certificate for <c>proxy-ssl-secret</c>
    /// (docs/forwarding.md) and a CA bundle <c>auth-tls-secret</c> may name. Not used to serve the certificate.
    /// </summary>
    public string? CaCertificatePem { get; init; }

    /// <summary>Where the object was read from, so diagnostics can name file and line.</summary>
    public ManifestSource? Source { get; init; }

    /// <summary>The object's <c>namespace/name</c>.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";

    /// <summary>Names the Secret without its key material.</summary>
    /// <returns>The text <c>TlsSecret namespace/name</c>.</returns>
    public override string ToString() => $"TlsSecret {QualifiedName}";
}
