using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace IngressCore.Faults.Tests.Support;

/// <summary>
/// One HTTPS request on a connection of its own: TCP connect, a full TLS handshake with SNI whose
/// certificate must chain to the test's CA and carry the host name, then
/// <c>GET / HTTP/1.1</c> with <c>Connection: close</c>.
/// </summary>
internal static class TlsProbe
{
    /// <summary>The status code answered and the thumbprint of the certificate the handshake got.</summary>
    public static async Task<(int Status, string Thumbprint)> GetAsync(int port, string host, X509Certificate2 authority, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = host,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, authority),
            },
            cancellationToken);
        var thumbprint = new X509Certificate2(tls.RemoteCertificate!).Thumbprint;
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), cancellationToken);
        using var answer = new MemoryStream();
        await tls.CopyToAsync(answer, cancellationToken);
        var text = Encoding.ASCII.GetString(answer.ToArray());
        // "HTTP/1.1 200 OK"
        var status = text.Length >= 12 && text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (status, thumbprint);
    }

    /// <summary>The name matches, and the chain ends at <paramref name="authority"/> (no other root is trusted).</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
