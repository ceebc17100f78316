using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Tests.Reference;

/// <summary>What the <see cref="ReferenceMatcher"/> decides for a request: a status and, unless 404/400, the route.</summary>
internal sealed record ReferenceOutcome(
    RouteMatchStatus Status,
    RouteKind? Kind,
    IngressDefinition? Ingress,
    string? Field,
    string? Path,
    PathType? PathType,
    IngressBackend? Backend)
{
    public static readonly ReferenceOutcome NotFound = new(RouteMatchStatus.NotFound, null, null, null, null, null, null);

    public static readonly ReferenceOutcome BadRequest = new(RouteMatchStatus.BadRequest, null, null, null, null, null, null);

    /// <summary>Describes the engine's answer in the same shape, so the two can be compared and printed.</summary>
    public static ReferenceOutcome Of(RouteMatch match) => match.Route is { } route
        ? new(match.Status, route.Kind, route.Ingress, route.Field, route.Path, route.PathType, route.Backend)
        : new(match.Status, null, null, null, null, null, null);

    /// <summary>Whether the engine's answer is this one: same status, and the same Ingress entry and backend.</summary>
    public bool SameAs(RouteMatch match)
    {
        var other = Of(match);
        return Status == other.Status
            && Kind == other.Kind
            && Ingress?.QualifiedName == other.Ingress?.QualifiedName
            && Field == other.Field
            && Backend == other.Backend
            && (Kind != RouteKind.Path || (Path == other.Path && PathType == other.PathType));
    }

    public override string ToString() => Ingress is null
        ? Status.ToString()
        : $"{Status} {Kind} {Ingress.QualifiedName} {Field} {PathType} {Path} -> {Backend}";
}
