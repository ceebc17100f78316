using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IngressCore.Authentication;

/// <summary>
/// The CA certificates of an <c>auth-tls-secret</c> (its <c>ca.crt</c>, PEM): the trust anchors a
/// client certificate must chain to. Parsed by the BCL (<see cref="X509Certificate2Collection.ImportFromPem"/>).
/// </summary>
internal sealed class CaBundle
{
    private CaBundle(string pem, X509Certificate2Collection certificates)
    {
        Pem = pem;
        Certificates = certificates;
    }

    /// <summary>The PEM text it was read from, to reuse it while the Secret is unchanged.</summary>
    public string Pem { get; }

    /// <summary>The CA certificates.</summary>
    public X509Certificate2Collection Certificates { get; }

    /// <summary>Reads <paramref name="pem"/>; returns why it is unusable, or <see langword="null"/>.</summary>
    public static string? TryRead(string pem, out CaBundle? bundle)
    {
        bundle = null;
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            return $"ca.crt is not a PEM certificate bundle ({e.Message.TrimEnd('.')})";
        }

        if (certificates.Count == 0)
        {
            return "ca.crt holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
        }

        bundle = new CaBundle(pem, certificates);
        return null;
    }
}
