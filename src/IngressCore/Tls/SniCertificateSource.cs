using IngressCore.Model;

namespace IngressCore.Tls;

/// <summary>
/// Holds the current <see cref="SniCertificateStore"/> and swaps in new ones atomically. Each TLS
/// handshake reads <see cref="Current"/> once, so a new snapshot is used by the next handshake and
/// connections already established keep the certificate they were given. Old snapshots are never
/// disposed: a connection may still hold their certificates, and the GC frees them after the last one closes.
/// </summary>
public sealed class SniCertificateSource
{
    private volatile SniCertificateStore _current;

    /// <summary>Creates a source holding <paramref name="initial"/>.</summary>
    /// <param name="initial">The first snapshot.</param>
    public SniCertificateSource(SniCertificateStore initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>Raised after a new snapshot has been swapped in, with that snapshot.</summary>
    public event EventHandler<SniCertificateStore>? Changed;

    /// <summary>The snapshot new handshakes use.</summary>
    public SniCertificateStore Current => _current;

    /// <summary>Replaces the snapshot; handshakes that start afterwards use <paramref name="store"/>.</summary>
    /// <param name="store">The new snapshot.</param>
    public void Swap(SniCertificateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _current = store;
        Changed?.Invoke(this, store);
    }

    /// <summary>
    /// Builds a snapshot from a complete new set of Ingresses and Secrets with the current
    /// snapshot's options, and swaps it in. Certificates whose Secret holds the same PEM text as
    /// before are reused as they are (with their chain context), so a reload costs only what
    /// changed; a cert-manager renewal, which changes the text, is loaded afresh.
    /// </summary>
    /// <param name="ingresses">The Ingresses served (normally the route table's).</param>
    /// <param name="secrets">The <c>kubernetes.io/tls</c> Secrets.</param>
    /// <returns>The new snapshot, now current.</returns>
    public SniCertificateStore Reload(IEnumerable<IngressDefinition> ingresses, IEnumerable<TlsSecret> secrets)
    {
        ArgumentNullException.ThrowIfNull(ingresses);
        ArgumentNullException.ThrowIfNull(secrets);
        var store = _current.Rebuild(ingresses, secrets);
        Swap(store);
        return store;
    }
}
