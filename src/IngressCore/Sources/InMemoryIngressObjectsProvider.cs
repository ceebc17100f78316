using Microsoft.Extensions.Primitives;

namespace IngressCore.Sources;

/// <summary>
/// Objects given by code: <see cref="Update"/> replaces them and the runtime rebuilds what they
/// change. What <c>LoadFromMemory(…)</c> registers; also the way to feed IngressCore from an
/// informer of your own, or to publish from a source of your own.
/// </summary>
public sealed class InMemoryIngressObjectsProvider : IIngressObjectsProvider
{
    private readonly Published<IngressObjects> _objects;
    private readonly Action _markReady;
    private volatile bool _ready;

    /// <summary>Creates a provider holding <paramref name="objects"/>, ready at once.</summary>
    /// <param name="objects">The first objects; none when <see langword="null"/>.</param>
    public InMemoryIngressObjectsProvider(IngressObjects? objects = null)
        : this(objects ?? IngressObjects.Empty, ready: true)
    {
    }

    /// <summary>
    /// Creates an empty provider that is not <see cref="IsReady"/> until its first
    /// <see cref="Update"/>: how a source that has no objects yet (a watch before its first list)
    /// publishes, so that the runtime is not ready before it.
    /// </summary>
    /// <returns>The provider.</returns>
    public static InMemoryIngressObjectsProvider CreatePending() => new(IngressObjects.Empty, ready: false);

    private InMemoryIngressObjectsProvider(IngressObjects objects, bool ready)
    {
        _objects = new(objects);
        _ready = ready;
        _markReady = () => _ready = true;
    }

    /// <inheritdoc />
    public IngressObjects Snapshot => _objects.Value;

    /// <inheritdoc />
    public bool IsReady => _ready;

    /// <inheritdoc />
    public IChangeToken GetChangeToken() => _objects.GetChangeToken();

    /// <summary>
    /// Replaces every object this provider holds, and makes it ready. The runtime builds its next
    /// snapshot from them before this returns, unless a build for another change is running (then
    /// right after it).
    /// </summary>
    /// <param name="objects">The complete new set of objects.</param>
    public void Update(IngressObjects objects)
    {
        ArgumentNullException.ThrowIfNull(objects);

        // Ready after the objects are published and before the token fires: a build that sees the
        // source ready reads these objects (the runtime reads readiness first).
        _objects.Publish(objects, _ready ? null : _markReady);
    }
}
