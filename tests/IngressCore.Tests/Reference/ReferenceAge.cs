using IngressCore.Model;

namespace IngressCore.Tests.Reference;

/// <summary>
/// docs/matching.md §1.3: oldest first by creationTimestamp, an Ingress without one counting as
/// newer than all that have one, then namespace/name in ordinal order.
/// </summary>
internal sealed class ReferenceAge : IComparer<IngressDefinition>
{
    public static readonly ReferenceAge Instance = new();

    public int Compare(IngressDefinition? x, IngressDefinition? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var xTicks = x.CreationTimestamp?.UtcTicks ?? long.MaxValue;
        var yTicks = y.CreationTimestamp?.UtcTicks ?? long.MaxValue;
        if (xTicks != yTicks)
        {
            return xTicks < yTicks ? -1 : 1;
        }

        return string.CompareOrdinal(x.Namespace + "\0" + x.Name, y.Namespace + "\0" + y.Name);
    }
}
