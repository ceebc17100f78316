using IngressCore.Diagnostics;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// The objects of one kind as last listed and watched, what the list and watch of that kind
/// write into. Kinds differ only in their model type (<see cref="ResourceStore{T}"/>); this is
/// what the watch loop sees.
/// </summary>
internal abstract class ResourceStore(ResourceKind kind)
{
    /// <summary>The kind held.</summary>
    public ResourceKind Kind { get; } = kind;

    /// <summary>Raised (outside any lock) when the models or the diagnostics changed: a snapshot is due.</summary>
    public event Action? Changed;

    /// <summary>Raised (outside any lock) when an object's status changed and nothing else did.</summary>
    public event Action? StatusChanged;

    /// <summary>The kind's error, then what the converters found, object by object.</summary>
    public abstract IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    /// <summary>Starts a list: objects are added page by page, then <see cref="Commit"/> replaces every object held.</summary>
    public abstract Listing BeginListing();

    /// <summary>Replaces every object held by those of <paramref name="listing"/>.</summary>
    public abstract void Commit(Listing listing);

    /// <summary>An object added or modified (a watch event).</summary>
    public abstract void Upsert(ApiObject o);

    /// <summary>An object deleted (a watch event).</summary>
    public abstract void Remove(ObjectKey key);

    /// <summary>Sets the error the API answered for this kind (a 403, say), or clears it with <see langword="null"/>.</summary>
    public abstract void SetError(IngressDiagnostic? error);

    protected void OnChanged() => Changed?.Invoke();

    protected void OnStatusChanged() => StatusChanged?.Invoke();

    /// <summary>The objects of one list, as they are read.</summary>
    internal abstract class Listing
    {
        public abstract void Add(ApiObject o);
    }
}
