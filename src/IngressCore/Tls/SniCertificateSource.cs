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
}
