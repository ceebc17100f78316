using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// The objects of one kind, converted to <typeparamref name="T"/>. An object whose version or
/// content did not change keeps its model instance, and the list handed out is the same array
/// until something changes: the runtime compares by reference, so a relist, a status write or a
/// change to another kind rebuilds nothing here. Thread-safe: one watch loop writes, the
/// publisher reads.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
internal sealed class ResourceStore<T> : ResourceStore
    where T : class
{
    private readonly Func<ApiObject, ObjectContext, T?> _convert;
    private readonly bool _readStatus;
    private readonly string _origin;
    private readonly Lock _gate = new();
    private SortedDictionary<ObjectKey, Stored> _objects = [];
    private IngressDiagnostic? _error;
    private T[]? _items = [];
    private IngressDiagnostic[]? _diagnostics = [];

    /// <summary>Creates an empty store.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="origin">The API server's URL, which the objects' sources name.</param>
    /// <param name="convert">Turns an object into its model, reporting into the context; <see langword="null"/> refuses it.</param>
    /// <param name="readStatus">Whether <c>status.loadBalancer</c> is kept (Ingresses, for the status publisher).</param>
    public ResourceStore(ResourceKind kind, string origin, Func<ApiObject, ObjectContext, T?> convert, bool readStatus = false)
        : base(kind)
    {
        _origin = origin;
        _convert = convert;
        _readStatus = readStatus;
    }

    /// <summary>The models, ordered by namespace and name; the same array until one changes.</summary>
    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_gate)
            {
                return _items ??= [.. _objects.Values.Select(s => s.Model).OfType<T>()];
            }
        }
    }

    public override IReadOnlyList<IngressDiagnostic> Diagnostics
    {
        get
        {
            lock (_gate)
            {
                return _diagnostics ??= [.. _error is null ? [] : new[] { _error }, .. _objects.Values.SelectMany(s => s.Diagnostics)];
            }
        }
    }

    /// <summary>The object's <c>status.loadBalancer.ingress</c> addresses, comma-separated, when the store holds the object.</summary>
    public bool TryGetStatus(ObjectKey key, out string status)
    {
        lock (_gate)
        {
            status = _objects.TryGetValue(key, out var stored) ? stored.Status : string.Empty;
            return stored is not null;
        }
    }

    public override Listing BeginListing() => new ListingOf(this);

    public override void Commit(Listing listing)
    {
        var next = ((ListingOf)listing).Objects;
        bool changed, statusChanged = false;
        lock (_gate)
        {
            changed = next.Count != _objects.Count;
            foreach (var (key, stored) in next)
            {
                if (!_objects.TryGetValue(key, out var known))
                {
                    changed = true;
                    continue;
                }

                changed |= !SameContent(known, stored);
                statusChanged |= known.Status != stored.Status;
            }

            _objects = new SortedDictionary<ObjectKey, Stored>(next);
            if (changed)
            {
                _items = null;
                _diagnostics = null;
            }
        }

        Raise(changed, statusChanged);
    }

    public override void Upsert(ApiObject o)
    {
        var known = Find(o.Key);
        var stored = Make(o, known);
        if (ReferenceEquals(stored, known))
        {
            return;
        }

        var changed = known is null || !SameContent(known, stored);
        lock (_gate)
        {
            _objects[o.Key] = stored;
            if (changed)
            {
                _items = null;
                _diagnostics = null;
            }
        }

        Raise(changed, known is not null && known.Status != stored.Status);
    }

    public override void Remove(ObjectKey key)
    {
        lock (_gate)
        {
            if (!_objects.Remove(key))
            {
                return;
            }

            _items = null;
            _diagnostics = null;
        }

        OnChanged();
    }

    public override void SetError(IngressDiagnostic? error)
    {
        lock (_gate)
        {
            if (Equals(_error, error))
            {
                return;
            }

            _error = error;
            _diagnostics = null;
        }

        OnChanged();
    }

    private Stored? Find(ObjectKey key)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// What to store for <paramref name="o"/>: <paramref name="known"/> itself when its version is the
    /// same, its model again when its content is, else a new conversion.
    /// </summary>
    private Stored Make(ApiObject o, Stored? known)
    {
        if (known is not null && o.ResourceVersion is not null && known.ResourceVersion == o.ResourceVersion)
        {
            return known;
        }

        var status = _readStatus ? ApiObjectConverter.LoadBalancerStatus(o) : string.Empty;
        var digest = o.ContentDigest();
        if (known is not null && digest.AsSpan().SequenceEqual(known.Digest))
        {
            return known with { ResourceVersion = o.ResourceVersion, Status = status };
        }

        var diagnostics = new List<IngressDiagnostic>();
        var url = _origin + "/" + Kind.ObjectPath(o.Key.Namespace, o.Key.Name);
        var context = new ObjectContext(
            diagnostics.Add, url, Kind.Kind, Kind.Namespaced ? o.Key.Namespace : null, o.Key.Name, new ManifestSource(url, 0));
        var model = _convert(o, context);
        return new Stored(o.ResourceVersion, digest, model, [.. diagnostics], status);
    }

    private static bool SameContent(Stored a, Stored b) =>
        ReferenceEquals(a.Model, b.Model) && ReferenceEquals(a.Diagnostics, b.Diagnostics);

    private void Raise(bool changed, bool statusChanged)
    {
        if (changed)
        {
            OnChanged();
        }

        if (statusChanged)
        {
            OnStatusChanged();
        }
    }

    /// <summary>One object as held: its version, content digest, model (or none when refused), diagnostics and load-balancer status.</summary>
    private sealed record Stored(string? ResourceVersion, byte[] Digest, T? Model, IngressDiagnostic[] Diagnostics, string Status);

    private sealed class ListingOf(ResourceStore<T> store) : Listing
    {
        public Dictionary<ObjectKey, Stored> Objects { get; } = [];

        public override void Add(ApiObject o) => Objects[o.Key] = store.Make(o, store.Find(o.Key));
    }
}
