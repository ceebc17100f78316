
namespace IngressCore.Model;

/// <summary>
/// Orders Ingresses oldest first, the order in which conflicts are settled (docs/matching.md):
/// by <c>creationTimestamp</c>, an Ingress without one counting as newest, then by
/// <c>namespace/name</c> in ordinal order, so the outcome never depends on input order.
/// </summary>
internal sealed class IngressAge : IComparer<IngressDefinition>
{
    public static readonly IngressAge OldestFirst = new();

    public int Compare(IngressDefinition? x, IngressDefinition? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byTime = (x.CreationTimestamp, y.CreationTimestamp) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } a, { } b) => a.CompareTo(b),
        };
        if (byTime != 0)
        {
            return byTime;
        }

        var byNamespace = string.CompareOrdinal(x.Namespace, y.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Name, y.Name);
    }
}
