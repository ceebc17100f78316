using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tls;

/// <summary>
/// An immutable snapshot of the certificates to terminate TLS with, chosen by the server name a
/// client sends (SNI): an exact host (ASCII case-insensitive, a trailing dot ignored), else the
/// <c>*.</c> wildcard one label up (RFC 6125: <c>*.example.com</c> covers <c>a.example.com</c>,
/// not <c>a.b.example.com</c> nor <c>example.com</c>), else the default certificate. Built from
/// Ingress <c>spec.tls</c> entries and <c>kubernetes.io/tls</c> Secrets as ingress-nginx builds
/// its servers; everything a handshake needs (chain context, server options) is prepared here,
/// once, so selecting a certificate allocates nothing. Swap snapshots with <see cref="SniCertificateSource"/>.
/// </summary>
public sealed class SniCertificateStore
{
    /// <summary>The index value of a host whose TLS is configured but whose certificate is the default one.</summary>
    internal const int DefaultEntry = 0;

    private readonly CertificateEntry[] _entries;
    private readonly HostIndex<int> _exact;
    private readonly HostIndex<int> _wildcard;
    private readonly bool _serveDefault;

    internal SniCertificateStore(
        CertificateEntry[] entries,
        HostIndex<int> exact,
        HostIndex<int> wildcard,
        IReadOnlyCollection<string> hosts,
        IReadOnlyList<IngressDiagnostic> diagnostics,
        SniCertificateStoreOptions options,
        IReadOnlyDictionary<(string Namespace, string Name), LoadedSecret> loaded)
    {
        _entries = entries;
        _exact = exact;
        _wildcard = wildcard;
        _serveDefault = options.ServeDefaultCertificate;
        Hosts = hosts;
        Diagnostics = diagnostics;
        Options = options;
        Loaded = loaded;
    }

    /// <summary>
    /// The certificate for clients that send no server name, an invalid one, or one no Secret
    /// covers, and for hosts whose Secret is missing or unusable: the configured default, else the
    /// generated <c>CN=IngressCore default certificate</c>.
    /// </summary>
    public X509Certificate2 DefaultCertificate => _entries[DefaultEntry].Certificate;

    /// <summary>Every problem found while building, each naming the Ingress or Secret (<c>namespace/name</c>) and the reason.</summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    /// <summary>
    /// The hosts with TLS configured (exact names and <c>*.</c> wildcards), lower case, sorted;
    /// including those served the default certificate because their Secret is unusable.
    /// </summary>
    public IReadOnlyCollection<string> Hosts { get; }

    /// <summary>The options the snapshot was built with (a reload through <see cref="SniCertificateSource.Reload"/> keeps them).</summary>
    public SniCertificateStoreOptions Options { get; }

    /// <summary>The Secrets loaded for this snapshot, which the next build may reuse when their PEM text is unchanged.</summary>
    internal IReadOnlyDictionary<(string Namespace, string Name), LoadedSecret> Loaded { get; }

    /// <summary>The number of distinct certificates served, the default one included.</summary>
    internal int CertificateCount => _entries.Length;

    /// <summary>
    /// Builds a snapshot. Never throws for bad input: a missing, foreign or unusable Secret, or a
    /// certificate that does not fit its host, becomes a diagnostic, and the hosts concerned get the
    /// default certificate (or, for warnings, their certificate anyway).
    /// </summary>
    /// <param name="ingresses">
    /// The Ingresses served, in any order (normally <see cref="RouteTable.Ingresses"/>, so that other
    /// classes and refused Ingresses are left out). The oldest wins a host claimed by two Secrets.
    /// </param>
    /// <param name="secrets">The <c>kubernetes.io/tls</c> Secrets; only those an Ingress refers to are loaded.</param>
    /// <param name="options">The default certificate and ALPN protocols; the defaults when <see langword="null"/>.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentException">The configured <see cref="SniCertificateStoreOptions.DefaultCertificate"/> has no private key.</exception>
    public static SniCertificateStore Build(
        IEnumerable<IngressDefinition> ingresses,
        IEnumerable<TlsSecret> secrets,
        SniCertificateStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ingresses);
        ArgumentNullException.ThrowIfNull(secrets);
        return new SniCertificateStoreBuilder(secrets, options ?? new SniCertificateStoreOptions()).Build(ingresses);
    }

    /// <summary>The same certificates with other diagnostics (a failed rebuild reports why the previous store kept serving).</summary>
    internal SniCertificateStore WithDiagnostics(IReadOnlyList<IngressDiagnostic> diagnostics) =>
        new(_entries, _exact, _wildcard, Hosts, diagnostics, Options, Loaded);

    /// <summary>Builds the next snapshot, reusing this one's certificates for Secrets whose PEM text is unchanged.</summary>
    internal SniCertificateStore Rebuild(IEnumerable<IngressDefinition> ingresses, IEnumerable<TlsSecret> secrets, IEnumerable<(string Alias, string Host)>? aliases = null) =>
        new SniCertificateStoreBuilder(secrets, Options, this) { Aliases = aliases ?? [] }.Build(ingresses);

    /// <summary>Builds a snapshot whose <c>server-alias</c> names share their host's certificate.</summary>
    internal static SniCertificateStore BuildWithAliases(
        IEnumerable<IngressDefinition> ingresses, IEnumerable<TlsSecret> secrets, SniCertificateStoreOptions? options, IEnumerable<(string Alias, string Host)> aliases) =>
        new SniCertificateStoreBuilder(secrets, options ?? new SniCertificateStoreOptions()) { Aliases = aliases }.Build(ingresses);

    /// <summary>
    /// Chooses the certificate for a TLS server name: exact host, then the one-label <c>*.</c>
    /// wildcard, then the default. Allocates nothing for ASCII names (an internationalised name in
    /// Unicode form is converted to punycode first, which allocates).
    /// </summary>
    /// <param name="serverName">The SNI name as the client sent it; empty when it sent none.</param>
    /// <returns>The certificate, or <see langword="null"/> when none applies and <see cref="SniCertificateStoreOptions.ServeDefaultCertificate"/> is off.</returns>
    public X509Certificate2? Select(ReadOnlySpan<char> serverName) => Entry(serverName)?.Certificate;

    /// <summary>
    /// Whether a configured certificate (not the default one) covers <paramref name="host"/>, by exact
    /// name or one-label wildcard.
    /// </summary>
    /// <param name="host">A host name, optionally with a port as in a Host header.</param>
    /// <returns><see langword="true"/> when a Secret's certificate is served for the host.</returns>
    public bool HasCertificate(ReadOnlySpan<char> host) => Lookup(SniServerName.WithoutPort(host)) > DefaultEntry;

    /// <summary>
    /// Whether <paramref name="host"/> has TLS configured: it is a host of an Ingress with a
    /// <c>spec.tls</c> section (exact or one-label wildcard), even when its Secret is missing or
    /// unusable and the default certificate is served. This is ingress-nginx's test for
    /// <c>ssl-redirect</c>: such hosts redirect to HTTPS.
    /// </summary>
    /// <param name="host">A host name, optionally with a port as in a Host header.</param>
    /// <returns><see langword="true"/> when the host has TLS configured.</returns>
    public bool HasTlsConfigured(ReadOnlySpan<char> host) => Lookup(SniServerName.WithoutPort(host)) >= DefaultEntry;

    /// <summary>
    /// The server options for a handshake: the same cached instance for every connection that gets
    /// the same certificate, carrying the chain context built with this snapshot.
    /// </summary>
    /// <exception cref="AuthenticationException">No certificate applies and the default certificate is not served.</exception>
    internal SslServerAuthenticationOptions SelectOptions(ReadOnlySpan<char> serverName) =>
        Entry(serverName)?.Options
        ?? throw new AuthenticationException(serverName.IsEmpty
            ? "No certificate is configured for connections without a server name (SNI)."
            : $"No certificate is configured for server name '{Printable.Of(serverName.ToString())}'.");

    /// <summary>The entry serving <paramref name="serverName"/>, or <see langword="null"/> when none does.</summary>
    internal CertificateEntry? Entry(ReadOnlySpan<char> serverName)
    {
        var found = Lookup(serverName);
        return found > DefaultEntry ? _entries[found]
            : _serveDefault ? _entries[DefaultEntry]
            : null;
    }

    /// <summary>The index value for a server name: an entry, <see cref="DefaultEntry"/> for a TLS host without a usable certificate, or -1.</summary>
    private int Lookup(ReadOnlySpan<char> serverName)
    {
        var name = SniServerName.TrimDot(serverName);
        var found = Find(name);
        if (found < 0 && SniServerName.IsUnicode(name))
        {
            // Only on a miss: an internationalised name in Unicode form, tried again as punycode.
            var ascii = SniServerName.ToAscii(name);
            found = ascii.IsEmpty ? -1 : Find(ascii);
        }

        return found;
    }

    private int Find(ReadOnlySpan<char> name)
    {
        // The keys are valid lower-case names and the compare folds ASCII letter case only, so
        // only a valid name can hit: no validation is needed before this probe.
        var exact = _exact.Find(name);
        if (exact >= 0)
        {
            return _exact.ValueAt(exact);
        }

        if (_wildcard.Count == 0)
        {
            return -1;
        }

        // One label of [A-Za-z0-9_-] is cut and the parent probed once; the parent is a key only if
        // it is valid, so what is left to check is the cut label's length, the whole length, and an
        // IP literal (a name ending in a digit is checked whole, the rare case).
        var parent = RequestHost.ParentOfSingleLabel(name);
        if (parent.IsEmpty
            || name.Length - parent.Length - 1 > SniServerName.MaxLabel
            || name.Length > SniServerName.MaxLength
            || (char.IsAsciiDigit(name[^1]) && !SniServerName.IsValid(name)))
        {
            return -1;
        }

        var wildcard = _wildcard.Find(parent);
        return wildcard < 0 ? -1 : _wildcard.ValueAt(wildcard);
    }
}
