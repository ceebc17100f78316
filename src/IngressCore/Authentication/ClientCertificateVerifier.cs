using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Annotations;

namespace IngressCore.Authentication;

/// <summary>
/// Verifies a client certificate against an <c>auth-tls-secret</c>'s CA bundle as nginx's
/// <c>ssl_verify_client</c> and <c>ssl_verify_depth</c> do, with the BCL's chain building
/// (<see cref="X509Chain"/>, custom root trust): the chain must end at a certificate of the bundle
/// within the depth (the intermediates the client sent may fill the gap, untrusted), every certificate valid now, the client certificate usable for client
/// authentication (an extended key usage without it fails, as OpenSSL's <c>sslclient</c> purpose
/// does). Revocation is not checked (a Secret with <c>ca.crl</c> is refused where it is loaded).
/// </summary>
internal static class ClientCertificateVerifier
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>The result for a connection that sent <paramref name="certificate"/> (or none).</summary>
    public static ClientCertificateResult Verify(X509Certificate2? certificate, X509Certificate2Collection sent, CaBundle bundle, ClientCertificateAuth policy, DateTimeOffset now)
    {
        if (certificate is null)
        {
            return new ClientCertificateResult("NONE", null, "", "",
                policy.Verification == ClientCertificateVerification.On ? ClientCertificateResult.NoCertificate : 0);
        }

        var subject = DistinguishedName.Format(certificate.SubjectName);
        var issuer = DistinguishedName.Format(certificate.IssuerName);
        var (failure, caOnly) = Check(certificate, sent, bundle, policy.Depth, now);
        if (failure is null)
        {
            return new ClientCertificateResult("SUCCESS", certificate, subject, issuer, 0);
        }

        // optional_no_ca lets an untrusted chain through (nginx's ngx_ssl_verify_error_optional),
        // never an expired or forged certificate.
        var refused = !(policy.Verification == ClientCertificateVerification.OptionalNoCa && caOnly);
        return new ClientCertificateResult("FAILED:" + failure, certificate, subject, issuer, refused ? ClientCertificateResult.CertificateError : 0);
    }

    /// <summary>Why the certificate does not verify (OpenSSL's words), or <see langword="null"/>; and whether the only problem is trust.</summary>
    private static (string? Failure, bool TrustOnly) Check(X509Certificate2 certificate, X509Certificate2Collection sent, CaBundle bundle, int depth, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(bundle.Certificates);
        policy.ExtraStore.AddRange(bundle.Certificates);
        policy.ExtraStore.AddRange(sent);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = now.UtcDateTime;
        policy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        policy.DisableCertificateDownloads = true;

        bool built;
        try
        {
            built = chain.Build(certificate);
        }
        catch (CryptographicException e)
        {
            return ($"certificate could not be read ({e.Message.TrimEnd('.')})", false);
        }

        var flags = X509ChainStatusFlags.NoError;
        foreach (var status in chain.ChainStatus)
        {
            flags |= status.Status;
        }

        if (built && flags == X509ChainStatusFlags.NoError)
        {
            // Depth: the CA certificates between the client's and the trust anchor, nginx's ssl_verify_depth.
            return chain.ChainElements.Count - 1 > depth ? ("certificate chain too long", false) : (null, false);
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return (certificate.NotBefore.ToUniversalTime() > now.UtcDateTime ? "certificate is not yet valid" : "certificate has expired", false);
        }

        if ((flags & (X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.Cyclic | X509ChainStatusFlags.InvalidBasicConstraints)) != 0)
        {
            return ("certificate signature failure", false);
        }

        if ((flags & (X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.InvalidExtension)) != 0)
        {
            return ("unsupported certificate purpose", false);
        }

        var trust = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;
        if ((flags & ~trust) == X509ChainStatusFlags.NoError)
        {
            // OpenSSL's words: a leaf whose issuer is nowhere, or a chain whose top is not trusted.
            return (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? "self-signed certificate"
                : chain.ChainElements.Count <= 1 ? "unable to verify the first certificate"
                : "unable to get local issuer certificate", true);
        }

        return ($"certificate verify failed ({flags})", false);
    }
}
