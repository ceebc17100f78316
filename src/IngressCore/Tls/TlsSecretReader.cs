using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Tls;

/// <summary>
/// Turns a <c>kubernetes.io/tls</c> Secret into a served certificate, or into diagnostics that say
/// why it cannot be. <c>tls.crt</c> is the leaf followed by its intermediates (the order nginx and
/// cert-manager use); <c>tls.key</c> is an unencrypted RSA or EC key in PKCS#1, SEC1 or PKCS#8 PEM.
/// All parsing is the BCL's (<see cref="X509Certificate2Collection.ImportFromPem"/>,
/// <see cref="AsymmetricAlgorithm.ImportFromPem"/>); nothing here reads ASN.1 by hand.
/// </summary>
internal static class TlsSecretReader
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    /// <summary>Loads <paramref name="secret"/>; returns <see langword="null"/> (with an error diagnostic) when it cannot be served.</summary>
    /// <param name="secret">The Secret.</param>
    /// <param name="diagnostics">Receives the error.</param>
    /// <param name="fallback">What is served instead, ending each error (<c>"; …"</c>).</param>
    public static LoadedSecret? Read(TlsSecret secret, List<IngressDiagnostic> diagnostics, string fallback)
    {
        void Report(DiagnosticSeverity severity, string field, string message) =>
            diagnostics.Add(TlsDiagnostics.ForSecret(severity, secret, field, $"Secret {secret.QualifiedName}: {message}"));

        var chain = ReadCertificates(secret.CertificatePem, out var certificateProblem);
        if (chain is null)
        {
            Report(DiagnosticSeverity.Error, TlsDiagnostics.CertificateField, certificateProblem + fallback);
            return null;
        }

        var leaf = chain[0];
        var names = ReadNames(leaf, out var extensionProblem);
        if (names is null)
        {
            Report(DiagnosticSeverity.Error, TlsDiagnostics.CertificateField, extensionProblem + fallback);
            return null;
        }

        using var key = ReadKey(secret.PrivateKeyPem, out var keyProblem);
        if (key is null)
        {
            Report(DiagnosticSeverity.Error, TlsDiagnostics.KeyField, keyProblem + fallback);
            return null;
        }

        var certificate = Pair(chain, key, out var pairProblem);
        if (certificate is null)
        {
            Report(DiagnosticSeverity.Error, TlsDiagnostics.KeyField, pairProblem + fallback);
            return null;
        }

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        SslStreamCertificateContext context;
        try
        {
            // offline: the chain is what tls.crt holds; a reload never waits on the network for
            // AIA downloads. Built here, once per snapshot, never during a handshake.
            context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or NotSupportedException)
        {
            Report(DiagnosticSeverity.Error, TlsDiagnostics.CertificateField, $"the certificate chain cannot be used for TLS ({e.Message.TrimEnd('.')}){fallback}");
            return null;
        }

        return new LoadedSecret(secret, certificate, context, names);
    }

    /// <summary>
    /// The warnings about a usable certificate: validity period and extended key usage. Run for
    /// every snapshot, also when the certificate is reused, since time moves on.
    /// </summary>
    public static void Check(LoadedSecret loaded, DateTimeOffset now, List<IngressDiagnostic> diagnostics)
    {
        void Report(DiagnosticSeverity severity, string field, string message) =>
            diagnostics.Add(TlsDiagnostics.ForSecret(severity, loaded.Secret, field, $"Secret {loaded.Secret.QualifiedName}: {message}"));

        CheckValidity(loaded.Certificate, now, Report);
        CheckServerAuthUsage(loaded.Certificate, Report);
    }

    private static X509Certificate2Collection? ReadCertificates(string pem, out string problem)
    {
        problem = "";
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            problem = "tls.crt is not valid PEM: a CERTIFICATE block does not hold a readable X.509 certificate";
            return null;
        }

        if (chain.Count == 0)
        {
            problem = pem.Contains("-----BEGIN", StringComparison.Ordinal)
                ? "tls.crt holds no PEM CERTIFICATE block ('-----BEGIN CERTIFICATE-----')"
                : "tls.crt is not PEM text: it holds no '-----BEGIN CERTIFICATE-----' block (was it base64-encoded twice?)";
            return null;
        }

        return chain;
    }

    /// <summary>
    /// The leaf's names, once the extensions read later are known to decode: the import reads
    /// extensions lazily, so a malformed subjectAltName or extendedKeyUsage would otherwise throw
    /// in <see cref="CertificateNames.Of"/> or, on every snapshot, in <see cref="Check"/>.
    /// </summary>
    private static CertificateNames? ReadNames(X509Certificate2 leaf, out string problem)
    {
        problem = "";
        try
        {
            foreach (var usage in leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>())
            {
                _ = usage.EnhancedKeyUsages.Count;
            }

            return CertificateNames.Of(leaf);
        }
        catch (CryptographicException e)
        {
            problem = $"the certificate has an extension that cannot be read ({Printable.Of(e.Message.TrimEnd('.'))})";
            return null;
        }
    }

    private static AsymmetricAlgorithm? ReadKey(string pem, out string problem)
    {
        problem = "";
        if (pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            problem = "tls.key is an encrypted private key; Kubernetes TLS Secrets hold the key unencrypted";
            return null;
        }

        if (!pem.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            problem = "tls.key is not PEM text: it holds no '-----BEGIN ... PRIVATE KEY-----' block (was it base64-encoded twice?)";
            return null;
        }

        // The key's algorithm is not known from the label of a PKCS#8 'PRIVATE KEY': try both.
        AsymmetricAlgorithm[] candidates = [RSA.Create(), ECDsa.Create()];
        foreach (var candidate in candidates)
        {
            try
            {
                candidate.ImportFromPem(pem);
                foreach (var other in candidates.Where(c => !ReferenceEquals(c, candidate)))
                {
                    other.Dispose();
                }

                return candidate;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException or NotSupportedException)
            {
                // Not this algorithm, or not a key at all; the next candidate decides. OpenSSL refuses
                // an EC key on a curve it does not know with PlatformNotSupportedException.
            }
        }

        foreach (var candidate in candidates)
        {
            candidate.Dispose();
        }

        problem = pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal)
            ? "tls.key does not hold a readable RSA or EC private key (PKCS#1, SEC1 or PKCS#8 PEM), or holds more than one"
            : "tls.key holds no PEM private key block ('RSA PRIVATE KEY', 'EC PRIVATE KEY' or 'PRIVATE KEY')";
        return null;
    }

    /// <summary>Attaches the key to the leaf; says which certificate it matches when it is not the leaf.</summary>
    private static X509Certificate2? Pair(X509Certificate2Collection chain, AsymmetricAlgorithm key, out string problem)
    {
        problem = "";
        var leaf = chain[0];
        var leafAlgorithm = leaf.GetKeyAlgorithm();
        var keyAlgorithm = key is RSA ? RsaOid : EcOid;
        if (leafAlgorithm is not (RsaOid or EcOid))
        {
            problem = $"the certificate's key algorithm ({Printable.Of(leafAlgorithm)}) is not supported; use an RSA or EC (ECDSA) key";
            return null;
        }

        if (leafAlgorithm != keyAlgorithm)
        {
            problem = $"the private key in tls.key ({Describe(keyAlgorithm)}) does not match the certificate in tls.crt ({Describe(leafAlgorithm)} public key)";
            return null;
        }

        try
        {
            var paired = key is RSA rsa ? leaf.CopyWithPrivateKey(rsa) : leaf.CopyWithPrivateKey((ECDsa)key);
            if (OperatingSystem.IsWindows())
            {
                // SChannel cannot use an ephemeral key; a PKCS#12 round trip gives it a stored one.
                using var ephemeral = paired;
                paired = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
            }

            return paired;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or NotSupportedException)
        {
            var keyInfo = key.ExportSubjectPublicKeyInfo();
            for (var i = 1; i < chain.Count; i++)
            {
                if (chain[i].PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(keyInfo))
                {
                    problem = string.Create(
                        CultureInfo.InvariantCulture,
                        $"the private key in tls.key matches certificate {i + 1} of tls.crt, not the first: tls.crt must start with the server (leaf) certificate, followed by its intermediates");
                    return null;
                }
            }

            problem = "the private key in tls.key does not match the certificate in tls.crt (certificate and key mismatch)";
            return null;
        }
    }

    private static void CheckValidity(X509Certificate2 leaf, DateTimeOffset now, Action<DiagnosticSeverity, string, string> report)
    {
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now > notAfter)
        {
            report(DiagnosticSeverity.Warning, TlsDiagnostics.CertificateField, string.Create(
                CultureInfo.InvariantCulture,
                $"the certificate expired at {notAfter:yyyy-MM-dd HH:mm:ss}Z; it is still served, but clients will refuse it"));
        }
        else if (now < notBefore)
        {
            report(DiagnosticSeverity.Warning, TlsDiagnostics.CertificateField, string.Create(
                CultureInfo.InvariantCulture,
                $"the certificate is not valid before {notBefore:yyyy-MM-dd HH:mm:ss}Z; it is served, but clients will refuse it until then"));
        }
    }

    private static void CheckServerAuthUsage(X509Certificate2 leaf, Action<DiagnosticSeverity, string, string> report)
    {
        var usage = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (usage is null)
        {
            return; // No EKU extension: any usage is allowed.
        }

        foreach (var oid in usage.EnhancedKeyUsages)
        {
            if (oid.Value is ServerAuthOid or AnyExtendedKeyUsageOid)
            {
                return;
            }
        }

        report(DiagnosticSeverity.Warning, TlsDiagnostics.CertificateField,
            "the certificate's extended key usage does not include server authentication (1.3.6.1.5.5.7.3.1); it is served, but clients will refuse it");
    }

    private static string Describe(string oid) => oid == RsaOid ? "RSA" : "EC";
}
