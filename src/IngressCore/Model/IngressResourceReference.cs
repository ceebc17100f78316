namespace IngressCore.Model;

/// <summary>A typed object reference used as an Ingress backend (<c>backend.resource</c>).</summary>
/// <param name="ApiGroup">The API group, or <see langword="null"/> for the core group.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The object name.</param>
public sealed record IngressResourceReference(string? ApiGroup, string Kind, string Name)
{
    /// <inheritdoc />
    public override string ToString() => ApiGroup is null ? $"{Kind}/{Name}" : $"{ApiGroup}/{Kind}/{Name}";
}
