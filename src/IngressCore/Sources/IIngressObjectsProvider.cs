using Microsoft.Extensions.Primitives;

namespace IngressCore.Sources;

/// <summary>
/// A source of Kubernetes objects: a folder of manifests, a watched API server, or code. The
/// runtime reads <see cref="Snapshot"/>, builds a route table, certificate store and Service
/// endpoints from it (merged with every other registered source), and reads it again when the
/// token from <see cref="GetChangeToken"/> fires.
/// </summary>
/// <remarks>
/// The runtime takes the token before it reads the snapshot, so a change that lands in between
/// is never missed: implementations create a new token before they publish a new snapshot and
/// fire the old one after. Implementations must be thread-safe and must not block in
/// <see cref="Snapshot"/>.
/// </remarks>
public interface IIngressObjectsProvider
{
    /// <summary>The objects now.</summary>
    IngressObjects Snapshot { get; }

    /// <summary>A token that fires once a newer <see cref="Snapshot"/> is ready.</summary>
    /// <returns>The token.</returns>
    IChangeToken GetChangeToken();

    /// <summary>
    /// Whether the source has delivered its first objects: a folder once it has read its files, a
    /// watch once its first list of every kind is in <see cref="Snapshot"/>. The runtime is ready
    /// (<see cref="Runtime.IngressRuntime.IsReady"/>) once it serves a snapshot built after every
    /// source was; it reads this before <see cref="Snapshot"/>. A source that starts not ready
    /// turns ready after its first objects are in <see cref="Snapshot"/> and before it fires its
    /// change token, and never turns unready (<c>InMemoryIngressObjectsProvider.CreatePending()</c>
    /// does this on its first <c>Update</c>). The default: ready at once, for sources whose objects
    /// are there when they are created.
    /// </summary>
    bool IsReady => true;
}
