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

    /// <summary>Creates a provider holding <paramref name="objects"/>.</summary>
    /// <param name="objects">The first objects; none when <see langword="null"/>.</param>
    public InMemoryIngressObjectsProvider(IngressObjects? objects = null)
    {
        _objects = new(objects ?? IngressObjects.Empty);
    }

    /// <inheritdoc />
    public IngressObjects Snapshot => _objects.Value;

    /// <inheritdoc />
    public IChangeToken GetChangeToken() => _objects.GetChangeToken();

    /// <summary>
    /// Replaces every object this provider holds. The runtime builds its next snapshot from them
    /// before this returns, unless a build for another change is running (then right after it).
    /// </summary>
    /// <param name="objects">The complete new set of objects.</param>
    public void Update(IngressObjects objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        _objects.Publish(objects);
    }
}
