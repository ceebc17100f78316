using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tls;

/// <summary>
/// Decides which Secret serves each host, following ingress-nginx's <c>createServers</c>
/// (docs/matching.md) with one difference written in docs/tls.md:
/// <list type="number">
/// <item>A host listed in an Ingress's <c>spec.tls[].hosts</c> gets that entry's Secret.</item>
/// <item>A rule host of an Ingress with a <c>spec.tls</c> section that no entry lists gets the first
/// of the Ingress's Secrets whose certificate covers it (a <c>tls</c> entry without hosts works this way).</item>
/// <item>Otherwise the host still has TLS configured, with the default certificate.</item>
/// </list>
/// When several Ingresses claim a host, a claim whose certificate covers the host beats one whose
/// certificate does not, which beats one with no usable certificate; among equals the oldest
/// Ingress wins (creationTimestamp, then namespace/name). ingress-nginx lets the oldest win even
/// when its Secret is broken; here a broken Secret does not take a working host down.
/// </summary>
internal sealed class SniCertificateStoreBuilder
{
    private const string DefaultServed = "its hosts are served the default certificate";
    private const string DefaultServedInstead = "; the hosts that use it are served the default certificate";
    private const string LastGoodServed = "; its last good certificate keeps being served until the Secret is fixed";

    private readonly SniCertificateStoreOptions _options;
    private readonly List<IngressDiagnostic> _diagnostics = [];
    private readonly Dictionary<(string Namespace, string Name), TlsSecret?> _secrets = [];
    private readonly Dictionary<(string Namespace, string Name), Load> _loads = [];
    private readonly HashSet<(string Namespace, string Name)> _reported = [];
    private readonly Dictionary<string, Claim> _claims = new(StringComparer.Ordinal);
    private readonly SniCertificateStore? _previous;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    /// <summary>Creates a builder.</summary>
    /// <param name="secrets">The Secrets.</param>
    /// <param name="options">The options.</param>
    /// <param name="previous">A snapshot whose certificates may be reused where a Secret's PEM text is unchanged.</param>
    public SniCertificateStoreBuilder(IEnumerable<TlsSecret> secrets, SniCertificateStoreOptions options, SniCertificateStore? previous = null)
    {
        _options = options;
        _previous = previous;
        if (options.DefaultCertificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("The default certificate must carry its private key.", nameof(options));
        }

        foreach (var secret in secrets)
        {
            ArgumentNullException.ThrowIfNull(secret);
            var key = (secret.Namespace, secret.Name);
            if (_secrets.TryGetValue(key, out var existing))
            {
                if (existing is not null)
                {
                    // Which copy is meant cannot be told from the input; using neither keeps the
                    // outcome independent of input order.
                    _diagnostics.Add(TlsDiagnostics.ForSecret(DiagnosticSeverity.Error, secret, "metadata.name",
                        $"Secret {secret.QualifiedName} is defined more than once; no copy is used and {DefaultServed}"));
                    _secrets[key] = null;
                }

                continue;
            }

            _secrets[key] = secret;
        }
    }

    /// <summary><c>server-alias</c> names and the host each stands for: an alias is served its host's certificate.</summary>
    public IEnumerable<(string Alias, string Host)> Aliases { get; init; } = [];

    public SniCertificateStore Build(IEnumerable<IngressDefinition> ingresses)
    {
        var ordered = ingresses.Order(IngressAge.OldestFirst).ToList();
        Preload(ordered);
        foreach (var ingress in ordered)
        {
            AddIngress(ingress);
        }

        // nginx's server_name lists the aliases: they share the server's certificate and its TLS.
        foreach (var (alias, host) in Aliases)
        {
            if (_claims.TryGetValue(host, out var claim) && !_claims.ContainsKey(alias))
            {
                _claims[alias] = claim with { Uncovered = null };
            }
        }

        foreach (var claim in _claims.Values)
        {
            if (claim.Uncovered is { } warning)
            {
                _diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Warning, claim.Ingress, claim.Field, warning));
            }
        }

        var protocols = _options.ApplicationProtocols.ToList();
        List<CertificateEntry> entries = [DefaultEntry(protocols)];
        var entryOf = new Dictionary<LoadedSecret, int>(ReferenceEqualityComparer.Instance);
        var exact = new List<(string, int)>();
        var wildcard = new List<(string, int)>();
        foreach (var (host, claim) in _claims)
        {
            var value = SniCertificateStore.DefaultEntry;
            if (claim.Secret is { } secret)
            {
                if (!entryOf.TryGetValue(secret, out value))
                {
                    value = entries.Count;
                    entryOf[secret] = value;
                    entries.Add(new CertificateEntry(secret.Certificate, secret.Context, protocols, secret.Secret.QualifiedName));
                }
            }

            // A wildcard is indexed by its parent domain: a lookup strips the first label of the
            // server name and probes once (Kestrel scans every wildcard suffix instead).
            (host.StartsWith("*.", StringComparison.Ordinal) ? wildcard : exact)
                .Add((host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host, value));
        }

        return new SniCertificateStore(
            [.. entries],
            exact.Count == 0 ? HostIndex<int>.Empty : new HostIndex<int>(exact),
            wildcard.Count == 0 ? HostIndex<int>.Empty : new HostIndex<int>(wildcard),
            _claims.Keys.Order(StringComparer.Ordinal).ToArray(),
            _diagnostics.ToArray(),
            _options,
            _loads.Where(l => l.Value.Secret is not null).ToDictionary(l => l.Key, l => l.Value.Secret!));
    }

    /// <summary>
    /// Loads every Secret an Ingress refers to (or the options name as the default) before hosts
    /// are assigned: reusing the previous snapshot's certificate where the PEM text is unchanged,
    /// and parsing the rest in parallel, since building chain contexts dominates a large build.
    /// Diagnostics are kept per Secret and reported at its first use, so their order does not
    /// depend on the parallel schedule.
    /// </summary>
    private void Preload(List<IngressDefinition> ingresses)
    {
        var wanted = new List<TlsSecret>();
        void Want(string ns, string? name)
        {
            if (!string.IsNullOrEmpty(name) && _secrets.TryGetValue((ns, name), out var secret) && secret is not null && !_loads.ContainsKey((ns, name)))
            {
                _loads[(ns, name)] = default;
                wanted.Add(secret);
            }
        }

        foreach (var ingress in ingresses)
        {
            ArgumentNullException.ThrowIfNull(ingress);
            foreach (var tls in ingress.Tls)
            {
                Want(ingress.Namespace, tls.SecretName);
            }
        }

        if (_options.DefaultCertificateSecret is { } reference)
        {
            var (ns, name) = SplitReference(reference);
            Want(ns, name);
        }

        var loads = new Load[wanted.Count];
        Parallel.For(0, wanted.Count, i =>
        {
            var secret = wanted[i];
            var earlier = _previous?.Loaded.GetValueOrDefault((secret.Namespace, secret.Name));
            if (earlier is not null && earlier.SameContent(secret))
            {
                loads[i] = new Load(earlier.For(secret), []);
                return;
            }

            // A Secret that turned unusable (a rotation written half, a tls.crt that is not PEM)
            // keeps the certificate it served, as ingress-nginx's syncSecret keeps its stored
            // certificate when an update does not parse; the error says so. A deleted Secret is
            // not kept: it is not among the Secrets at all.
            var errors = new List<IngressDiagnostic>();
            var loaded = TlsSecretReader.Read(secret, errors, earlier is null ? DefaultServedInstead : LastGoodServed);
            loads[i] = new Load(loaded ?? earlier, errors);
        });

        for (var i = 0; i < wanted.Count; i++)
        {
            _loads[(wanted[i].Namespace, wanted[i].Name)] = loads[i];
        }
    }

    private void AddIngress(IngressDefinition ingress)
    {
        if (ingress.Tls.Count == 0)
        {
            return;
        }

        var secrets = new LoadedSecret?[ingress.Tls.Count];
        var anyUnusable = false;
        for (var t = 0; t < ingress.Tls.Count; t++)
        {
            secrets[t] = Resolve(ingress, t);
            anyUnusable |= secrets[t] is null;
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < ingress.Tls.Count; t++)
        {
            var hosts = ingress.Tls[t].Hosts;
            for (var h = 0; h < hosts.Count; h++)
            {
                var field = $"spec.tls[{t}].hosts[{h}]";
                if (!IsHost(hosts[h]))
                {
                    continue; // The route table refuses the Ingress and says why.
                }

                var host = hosts[h];
                if (!listed.Add(host))
                {
                    continue; // ingress-nginx takes the first entry that lists the host.
                }

                var secret = secrets[t];
                var covers = secret?.Names.Covers(host) ?? false;
                if (secret is not null && !covers)
                {
                    _diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Warning, ingress, field,
                        $"the certificate of Secret {secret.Secret.QualifiedName} does not cover host {host} (it is valid for: {secret.Names}); it is served for the host anyway, and clients will refuse it"));
                }

                Offer(host, new Claim(ingress, field, secret, Rank(secret, covers)));
            }
        }

        for (var r = 0; r < ingress.Rules.Count; r++)
        {
            var host = ingress.Rules[r].Host;
            if (string.IsNullOrEmpty(host) || !IsHost(host) || listed.Contains(host))
            {
                continue;
            }

            var field = $"spec.rules[{r}].host";
            var covering = secrets.FirstOrDefault(s => s is not null && s.Names.Covers(host));
            // With an unusable Secret the reason is already reported; otherwise say why, once it is
            // known that no other Ingress serves the host a certificate.
            var uncovered = covering is null && !anyUnusable
                ? $"host {host} is not listed in spec.tls[].hosts and no certificate of the Ingress's spec.tls Secrets covers it; it is served the default certificate (as in ingress-nginx, it still counts as a TLS host for ssl-redirect)"
                : null;
            Offer(host, new Claim(ingress, field, covering, Rank(covering, covering is not null)) { Uncovered = uncovered });
            listed.Add(host);
        }
    }

    /// <summary>The Secret of <c>spec.tls[t]</c>, loaded; <see langword="null"/> (with a diagnostic) when there is none to use.</summary>
    private LoadedSecret? Resolve(IngressDefinition ingress, int t)
    {
        var field = $"spec.tls[{t}].secretName";
        var name = ingress.Tls[t].SecretName;
        if (string.IsNullOrEmpty(name))
        {
            _diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Info, ingress, field,
                $"spec.tls[{t}] names no secretName; {DefaultServed}"));
            return null;
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            _diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Error, ingress, field,
                $"secretName '{Printable.Of(name)}' refers to another namespace: an Ingress can only use Secrets in its own namespace ({ingress.Namespace}); {DefaultServed}"));
            return null;
        }

        var key = (ingress.Namespace, name);
        if (!_secrets.TryGetValue(key, out var secret))
        {
            var elsewhere = _secrets.Keys.Where(k => k.Name == name).Select(k => k.Namespace).Order(StringComparer.Ordinal).ToList();
            _diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Warning, ingress, field, elsewhere.Count == 0
                ? $"Secret {ingress.Namespace}/{Printable.Of(name)} not found; {DefaultServed}"
                : $"Secret {ingress.Namespace}/{Printable.Of(name)} not found; a Secret of that name exists in namespace {string.Join(", ", elsewhere)}, but an Ingress can only use Secrets in its own namespace; {DefaultServed}"));
            return null;
        }

        return secret is null ? null : Loaded(secret);
    }

    /// <summary>The preloaded certificate of <paramref name="secret"/>; its diagnostics are reported at the first call.</summary>
    private LoadedSecret? Loaded(TlsSecret secret)
    {
        var key = (secret.Namespace, secret.Name);
        var load = _loads[key];
        if (_reported.Add(key))
        {
            _diagnostics.AddRange(load.Diagnostics);
            if (load.Secret is not null)
            {
                TlsSecretReader.Check(load.Secret, _now, _diagnostics);
            }
        }

        return load.Secret;
    }

    /// <summary>Records a claim on a host; claims arrive oldest Ingress first.</summary>
    private void Offer(string host, Claim claim)
    {
        if (!_claims.TryGetValue(host, out var held))
        {
            _claims[host] = claim;
            return;
        }

        var newerWins = claim.Rank > held.Rank;
        var (winner, loser) = newerWins ? (claim, held) : (held, claim);
        _claims[host] = winner;
        if (winner.Secret is null || ReferenceEquals(winner.Secret, loser.Secret) || (!newerWins && loser.Secret is null))
        {
            // Nothing to tell: the default certificate either way, the same Secret twice, or a newer
            // Ingress without a usable certificate (its own diagnostics say why).
            return;
        }

        var why = !newerWins ? $"Ingress {winner.Ingress.QualifiedName} is older"
            : loser.Secret is null ? $"Ingress {loser.Ingress.QualifiedName} has no usable certificate for it"
            : $"its certificate covers the host and that of {Served(loser)} does not";
        _diagnostics.Add(IngressDiagnostic.For(DiagnosticSeverity.Warning, loser.Ingress, loser.Field,
            $"host {host} is claimed by {Served(winner)} (Ingress {winner.Ingress.QualifiedName}) and by {Served(loser)} (Ingress {loser.Ingress.QualifiedName}); {Served(winner)} is served because {why}"));

        static string Served(Claim c) => c.Secret is null ? "the default certificate" : $"Secret {c.Secret.Secret.QualifiedName}";
    }

    private CertificateEntry DefaultEntry(List<SslApplicationProtocol> protocols)
    {
        if (_options.DefaultCertificateSecret is { } reference && DefaultFromSecret(reference) is { } fromSecret)
        {
            return new CertificateEntry(fromSecret.Certificate, fromSecret.Context, protocols, fromSecret.Secret.QualifiedName);
        }

        if (_options.DefaultCertificate is { } configured)
        {
            return new CertificateEntry(configured, SslStreamCertificateContext.Create(configured, null, offline: true), protocols, null);
        }

        return new CertificateEntry(GeneratedDefaultCertificate.Certificate, GeneratedDefaultCertificate.Context, protocols, null);
    }

    private LoadedSecret? DefaultFromSecret(string reference)
    {
        var (ns, name) = SplitReference(reference);
        if (_secrets.TryGetValue((ns, name), out var secret) && secret is not null)
        {
            return Loaded(secret);
        }

        _diagnostics.Add(new IngressDiagnostic
        {
            Severity = DiagnosticSeverity.Error,
            Kind = "Secret",
            Namespace = ns,
            Name = name,
            Message = $"the default certificate Secret {Printable.Of(ns)}/{Printable.Of(name)} was not found; {(_options.DefaultCertificate is null ? "the generated default certificate is served" : "the configured default certificate is served")}",
        });
        return null;
    }

    /// <summary>Splits <c>namespace/name</c>; a bare name is in <c>default</c>, as kubectl reads it.</summary>
    private static (string Namespace, string Name) SplitReference(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (reference[..slash], reference[(slash + 1)..]) : ("default", reference);
    }

    private static int Rank(LoadedSecret? secret, bool covers) => secret is null ? 0 : covers ? 2 : 1;

    private static bool IsHost(string? host) => !string.IsNullOrEmpty(host) && HostName.Validate(host) is null;

    private readonly record struct Load(LoadedSecret? Secret, List<IngressDiagnostic> Diagnostics);

    private sealed record Claim(IngressDefinition Ingress, string Field, LoadedSecret? Secret, int Rank)
    {
        /// <summary>The warning to give when this claim, serving the default certificate, wins its host.</summary>
        public string? Uncovered { get; init; }
    }
}
