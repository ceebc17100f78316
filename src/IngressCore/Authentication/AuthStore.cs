using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using IngressCore.Annotations;
using IngressCore.Diagnostics;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Authentication;

/// <summary>
/// What the served Ingresses' authentication annotations name, loaded once per snapshot: the users
/// of each <c>auth-secret</c>, the CA bundle of each <c>auth-tls-secret</c>, the headers of each
/// <c>auth-proxy-set-headers</c> ConfigMap. An object that is missing or unusable loads as
/// <see langword="null"/> with an error, and the locations that need it fail closed (503, or 403 for
/// a host's client certificates), as ingress-nginx denies them. A rebuild reuses what was loaded
/// from an unchanged object.
/// </summary>
internal sealed class AuthStore
{
    private readonly Dictionary<(string, string, BasicAuthSecretType), Loaded<HtpasswdFile>> _users;
    private readonly Dictionary<(string, string), Loaded<CaBundle>> _bundles;
    private readonly Dictionary<(string, string), Loaded<IReadOnlyList<KeyValuePair<string, string>>>> _headers;

    // The server options of a handshake that asks for a client certificate, made once per certificate and bundle.
    private readonly ConcurrentDictionary<(SslServerAuthenticationOptions, CaBundle), SslServerAuthenticationOptions> _handshakes =
        new(ReferencePairComparer.Instance);

    private AuthStore(
        Dictionary<(string, string, BasicAuthSecretType), Loaded<HtpasswdFile>> users,
        Dictionary<(string, string), Loaded<CaBundle>> bundles,
        Dictionary<(string, string), Loaded<IReadOnlyList<KeyValuePair<string, string>>>> headers,
        IReadOnlyList<IngressDiagnostic> diagnostics)
    {
        _users = users;
        _bundles = bundles;
        _headers = headers;
        Diagnostics = diagnostics;
    }

    /// <summary>No authentication anywhere.</summary>
    public static AuthStore Empty { get; } = new([], [], [], []);

    /// <summary>Every Secret or ConfigMap that could not be used, and every refused htpasswd line.</summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    /// <summary>The users of a basic-auth Secret, or <see langword="null"/> when it cannot be used (the location answers 503).</summary>
    public HtpasswdFile? Users(BasicAuth auth) =>
        _users.TryGetValue((auth.Secret.Namespace, auth.Secret.Name, auth.SecretType), out var loaded) ? loaded.Value : null;

    /// <summary>The CA bundle of an <c>auth-tls-secret</c>, or <see langword="null"/> when it cannot be used (the host answers 403).</summary>
    public CaBundle? Bundle(ClientCertificateAuth auth) =>
        _bundles.TryGetValue((auth.Secret.Namespace, auth.Secret.Name), out var loaded) ? loaded.Value : null;

    /// <summary>The headers of an <c>auth-proxy-set-headers</c> ConfigMap, or <see langword="null"/> when it cannot be used (503).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ProxySetHeaders(ObjectReference configMap) =>
        _headers.TryGetValue((configMap.Namespace, configMap.Name), out var loaded) ? loaded.Value : null;

    /// <summary>Whether a location's authentication can run: every object it names is usable.</summary>
    public bool CanAuthenticate(IngressAnnotations policies) =>
        (policies.BasicAuth is not { } basic || Users(basic) is not null) &&
        (policies.ExternalAuth?.ProxySetHeaders is not { } map || ProxySetHeaders(map) is not null);

    /// <summary>
    /// The options for a handshake on a host with client certificates: the certificate's own, asking
    /// for a client certificate and naming the bundle's CAs to the client. The certificate is
    /// verified per request (<see cref="ClientCertificateVerifier"/>), as nginx does, so the handshake accepts any.
    /// </summary>
    public SslServerAuthenticationOptions HandshakeOptions(SslServerAuthenticationOptions certificate, CaBundle bundle) =>
        _handshakes.GetOrAdd((certificate, bundle), static key =>
        {
            var (options, ca) = key;
            var context = options.ServerCertificateContext!;
            var withTrust = SslStreamCertificateContext.Create(
                context.TargetCertificate,
                [.. context.IntermediateCertificates],
                offline: true,
                SslCertificateTrust.CreateForX509Collection(ca.Certificates, sendTrustInHandshake: true));
            var chainPolicy = new X509ChainPolicy
            {
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
                TrustMode = X509ChainTrustMode.CustomRootTrust,
            };
            chainPolicy.CustomTrustStore.AddRange(ca.Certificates);
            return new SslServerAuthenticationOptions
            {
                ServerCertificateContext = withTrust,
                ApplicationProtocols = options.ApplicationProtocols,
                ClientCertificateRequired = true,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = chainPolicy,
                RemoteCertificateValidationCallback = static (stream, certificate, chain, _) =>
                {
                    PeerCertificates.Remember(stream, certificate, chain);
                    return true;
                },
            };
        });

    /// <summary>Loads what the served Ingresses name, reusing <paramref name="previous"/>'s loads of unchanged objects.</summary>
    public static AuthStore Build(
        RouteTable routes,
        IReadOnlyList<SecretDefinition> secrets,
        IReadOnlyList<TlsSecret> tlsSecrets,
        IReadOnlyList<ConfigMapDefinition> configMaps,
        AuthStore? previous)
    {
        var wantUsers = new List<(IngressDefinition Ingress, BasicAuth Auth)>();
        var wantBundles = new List<(IngressDefinition Ingress, ClientCertificateAuth Auth)>();
        var wantHeaders = new List<(IngressDefinition Ingress, ObjectReference Map)>();
        foreach (var ingress in routes.Ingresses)
        {
            var policies = routes.PoliciesOf(ingress);
            if (policies.BasicAuth is { } basic)
            {
                wantUsers.Add((ingress, basic));
            }

            if (policies.ClientCertificates is { } tls)
            {
                wantBundles.Add((ingress, tls));
            }

            if (policies.ExternalAuth?.ProxySetHeaders is { } map)
            {
                wantHeaders.Add((ingress, map));
            }
        }

        if (wantUsers.Count == 0 && wantBundles.Count == 0 && wantHeaders.Count == 0)
        {
            return Empty;
        }

        var diagnostics = new List<IngressDiagnostic>();
        var secretIndex = Index(secrets, s => (s.Namespace, s.Name));
        var tlsIndex = Index(tlsSecrets, s => (s.Namespace, s.Name));
        var mapIndex = Index(configMaps, c => (c.Namespace, c.Name));

        var users = new Dictionary<(string, string, BasicAuthSecretType), Loaded<HtpasswdFile>>();
        foreach (var (ingress, auth) in wantUsers)
        {
            var key = (auth.Secret.Namespace, auth.Secret.Name, auth.SecretType);
            if (!users.ContainsKey(key))
            {
                users[key] = LoadUsers(ingress, auth, secretIndex.GetValueOrDefault((key.Item1, key.Item2)), previous);
            }
        }

        var bundles = new Dictionary<(string, string), Loaded<CaBundle>>();
        foreach (var (ingress, auth) in wantBundles)
        {
            var key = (auth.Secret.Namespace, auth.Secret.Name);
            if (!bundles.ContainsKey(key))
            {
                bundles[key] = LoadBundle(ingress, auth, secretIndex.GetValueOrDefault(key), tlsIndex.GetValueOrDefault(key), previous);
            }
        }

        var headers = new Dictionary<(string, string), Loaded<IReadOnlyList<KeyValuePair<string, string>>>>();
        foreach (var (ingress, map) in wantHeaders)
        {
            var key = (map.Namespace, map.Name);
            if (!headers.ContainsKey(key))
            {
                headers[key] = LoadHeaders(ingress, map, mapIndex.GetValueOrDefault(key), previous);
            }
        }

        diagnostics.AddRange(users.Values.SelectMany(l => l.Diagnostics));
        diagnostics.AddRange(bundles.Values.SelectMany(l => l.Diagnostics));
        diagnostics.AddRange(headers.Values.SelectMany(l => l.Diagnostics));
        return new AuthStore(users, bundles, headers, diagnostics);
    }

    private static Loaded<HtpasswdFile> LoadUsers(IngressDefinition ingress, BasicAuth auth, SecretDefinition? secret, AuthStore? previous)
    {
        if (secret is null)
        {
            return Missing<HtpasswdFile>(ingress, $"Secret {auth.Secret} named by auth-secret was not found; the Ingress's locations answer 503 until it exists");
        }

        if (previous?._users.GetValueOrDefault((auth.Secret.Namespace, auth.Secret.Name, auth.SecretType)) is { } earlier && ReferenceEquals(earlier.Source, secret))
        {
            return earlier;
        }

        var diagnostics = new List<IngressDiagnostic>();
        var file = HtpasswdFile.Read(secret, auth.SecretType, diagnostics);
        return new Loaded<HtpasswdFile>(file, secret, diagnostics);
    }

    private static Loaded<CaBundle> LoadBundle(IngressDefinition ingress, ClientCertificateAuth auth, SecretDefinition? secret, TlsSecret? tls, AuthStore? previous)
    {
        object? source = (object?)secret ?? tls;
        if (source is null)
        {
            return Missing<CaBundle>(ingress, $"Secret {auth.Secret} named by auth-tls-secret was not found; the hosts that use it answer 403 until it exists");
        }

        if (previous?._bundles.GetValueOrDefault((auth.Secret.Namespace, auth.Secret.Name)) is { } earlier && ReferenceEquals(earlier.Source, source))
        {
            return earlier;
        }

        string? pem = null;
        if (secret is not null)
        {
            if (secret.Data.ContainsKey("ca.crl"))
            {
                return Refused<CaBundle>(source, "data[ca.crl]", $"Secret {secret.QualifiedName} has a certificate revocation list (ca.crl), which IngressCore does not check; the hosts that use it answer 403 rather than accept revoked certificates");
            }

            pem = secret.Data.TryGetValue("ca.crt", out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
        }
        else
        {
            pem = tls!.CaCertificatePem;
        }

        if (string.IsNullOrEmpty(pem))
        {
            return Refused<CaBundle>(source, "data[ca.crt]", $"Secret {auth.Secret} has no ca.crt (the CA bundle auth-tls-secret needs); the hosts that use it answer 403");
        }

        var problem = CaBundle.TryRead(pem, out var bundle);
        return problem is null
            ? new Loaded<CaBundle>(bundle, source, [])
            : Refused<CaBundle>(source, "data[ca.crt]", $"Secret {auth.Secret}: {problem}; the hosts that use it answer 403");
    }

    private static Loaded<IReadOnlyList<KeyValuePair<string, string>>> LoadHeaders(IngressDefinition ingress, ObjectReference reference, ConfigMapDefinition? map, AuthStore? previous)
    {
        if (map is null)
        {
            return Missing<IReadOnlyList<KeyValuePair<string, string>>>(ingress, $"ConfigMap {reference} named by auth-proxy-set-headers was not found; the Ingress's locations answer 503 until it exists");
        }

        if (previous?._headers.GetValueOrDefault((reference.Namespace, reference.Name)) is { } earlier && ReferenceEquals(earlier.Source, map))
        {
            return earlier;
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in map.Data.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            string? problem = null;
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                problem = $"the key '{Printable.Of(name)}' is not a header name ([A-Za-z0-9_-]+)";
            }
            else if (value.Any(c => c < ' ' || c > '~'))
            {
                problem = $"the value of {name} has a control or non-ASCII character";
            }
            else if (value.Contains('$', StringComparison.Ordinal))
            {
                problem = $"the value of {name} names an nginx variable ('$'), which IngressCore does not expand";
            }

            if (problem is not null)
            {
                var diagnostic = ObjectDiagnostic.For(
                    DiagnosticSeverity.Error, "ConfigMap", map.Namespace, map.Name, map.Source, $"data[{Printable.Of(name)}]",
                    $"auth-proxy-set-headers: {problem}; the locations that use the ConfigMap answer 503");
                return new Loaded<IReadOnlyList<KeyValuePair<string, string>>>(null, map, [diagnostic]);
            }

            headers.Add(new(name, value));
        }

        return new Loaded<IReadOnlyList<KeyValuePair<string, string>>>(headers, map, []);
    }

    private static Loaded<T> Missing<T>(IngressDefinition ingress, string message)
        where T : class =>
        new(null, null, [IngressDiagnostic.For(DiagnosticSeverity.Error, ingress, "metadata.annotations", message)]);

    private static Loaded<T> Refused<T>(object source, string field, string message)
        where T : class
    {
        var (ns, name, location) = source switch
        {
            SecretDefinition s => (s.Namespace, s.Name, s.Source),
            TlsSecret t => (t.Namespace, t.Name, t.Source),
            _ => ("", "", null),
        };
        return new(null, source, [ObjectDiagnostic.For(DiagnosticSeverity.Error, "Secret", ns, name, location, field, message)]);
    }

    private static Dictionary<(string, string), T> Index<T>(IReadOnlyList<T> items, Func<T, (string, string)> key)
    {
        var index = new Dictionary<(string, string), T>();
        foreach (var item in items)
        {
            index.TryAdd(key(item), item);
        }

        return index;
    }

    /// <summary>What one object loaded as, the object itself (to reuse the load while it is unchanged) and what was found.</summary>
    private sealed record Loaded<T>(T? Value, object? Source, IReadOnlyList<IngressDiagnostic> Diagnostics)
        where T : class;

    private sealed class ReferencePairComparer : IEqualityComparer<(SslServerAuthenticationOptions, CaBundle)>
    {
        public static readonly ReferencePairComparer Instance = new();

        public bool Equals((SslServerAuthenticationOptions, CaBundle) x, (SslServerAuthenticationOptions, CaBundle) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((SslServerAuthenticationOptions, CaBundle) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
