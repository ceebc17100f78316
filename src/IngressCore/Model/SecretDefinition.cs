using System.Collections.Frozen;

namespace IngressCore.Model;

/// <summary>
/// A v1 Secret of a type other than <c>kubernetes.io/tls</c> (usually <c>Opaque</c>) as plain data:
/// what authentication annotations name, such as the htpasswd file of <c>auth-secret</c> (its
/// <c>auth</c> key, or one key per user with <c>auth-secret-type: auth-map</c>) and the CA bundle
/// of <c>auth-tls-secret</c> (its <c>ca.crt</c> key).
/// </summary>
public sealed record SecretDefinition
{
    /// <summary>The type a Secret has when it names none.</summary>
    public const string OpaqueType = "Opaque";

    /// <summary>The namespace (<c>metadata.namespace</c>; loaders default it to <c>default</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>The name (<c>metadata.name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The <c>type</c>; <see cref="OpaqueType"/> when the Secret names none.</summary>
    public string Type { get; init; } = OpaqueType;

    /// <summary>The <c>data</c> entries, decoded from base64 (with <c>stringData</c> entries, which win, as UTF-8).</summary>
    public IReadOnlyDictionary<string, byte[]> Data { get; init; } = FrozenDictionary<string, byte[]>.Empty;

    /// <summary>Where the object was read from, so diagnostics can name file and line.</summary>
    public ManifestSource? Source { get; init; }

    /// <summary>The object's <c>namespace/name</c>.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";

    /// <summary>Names the Secret without its data.</summary>
    /// <returns>The text <c>Secret namespace/name</c>.</returns>
    public override string ToString() => $"Secret {QualifiedName}";
}
