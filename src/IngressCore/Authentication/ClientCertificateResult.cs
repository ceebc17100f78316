using System.Security.Cryptography.X509Certificates;

namespace IngressCore.Authentication;

/// <summary>
/// What the verification of a connection's client certificate found, in nginx's terms: the
/// <c>$ssl_client_verify</c> text (<c>SUCCESS</c>, <c>FAILED:reason</c> or <c>NONE</c>), the subject and
/// issuer DNs (RFC 2253), and whether the request may go on.
/// </summary>
/// <param name="Verify">nginx's <c>$ssl_client_verify</c>.</param>
/// <param name="Certificate">The client's certificate, or <see langword="null"/> when none was sent.</param>
/// <param name="SubjectDn">nginx's <c>$ssl_client_s_dn</c>, empty without a certificate.</param>
/// <param name="IssuerDn">nginx's <c>$ssl_client_i_dn</c>, empty without a certificate.</param>
/// <param name="Refusal">0 when the request may go on; else nginx's 495 (a certificate error) or 496 (no required certificate).</param>
internal sealed record ClientCertificateResult(string Verify, X509Certificate2? Certificate, string SubjectDn, string IssuerDn, int Refusal)
{
    /// <summary>nginx's status for a client certificate that does not verify (answered as 400).</summary>
    public const int CertificateError = 495;

    /// <summary>nginx's status for a required client certificate that was not sent (answered as 400).</summary>
    public const int NoCertificate = 496;
}
