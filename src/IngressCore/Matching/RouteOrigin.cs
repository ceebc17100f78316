namespace IngressCore.Matching;

/// <summary>
/// Which object and which part of it declared a <see cref="Route"/>: what diagnostics and
/// <c>--explain</c> name. Ingresses today; a Gateway API HTTPRoute would be another kind.
/// </summary>
/// <param name="Kind">The object's kind, such as <c>Ingress</c>.</param>
/// <param name="Namespace">The object's namespace.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Field">The part of the object, such as <c>spec.rules[0].http.paths[1]</c>.</param>
public sealed record RouteOrigin(string Kind, string Namespace, string Name, string Field)
{
    /// <summary>The object's <c>namespace/name</c>.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {QualifiedName} {Field}";
}
