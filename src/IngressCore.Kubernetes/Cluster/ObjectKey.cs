namespace IngressCore.Kubernetes.Cluster;

/// <summary>An object's identity within its kind: namespace (empty for a cluster-scoped kind) and name, ordered ordinally.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The name.</param>
internal readonly record struct ObjectKey(string Namespace, string Name) : IComparable<ObjectKey>
{
    public int CompareTo(ObjectKey other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    public static bool operator <(ObjectKey left, ObjectKey right) => left.CompareTo(right) < 0;

    public static bool operator >(ObjectKey left, ObjectKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(ObjectKey left, ObjectKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ObjectKey left, ObjectKey right) => left.CompareTo(right) >= 0;

    public override string ToString() => Namespace.Length == 0 ? Name : Namespace + "/" + Name;
}
