using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace IngressCore.Forwarding.Transport;

/// <summary>
/// How the connections of one handler speak TLS to the backend: <c>backend-protocol: HTTPS</c> or
/// <c>GRPCS</c>, with <c>proxy-ssl-*</c> when a location sets <c>proxy-ssl-secret</c>. Compared by
/// value (the Secret's PEM included), so locations with the same settings share one pool.
/// </summary>
/// <param name="Verify">Verify the backend's certificate against <paramref name="CaPem"/> (<c>proxy-ssl-verify: on</c>).</param>
/// <param name="VerifyDepth">The longest chain accepted below the backend's certificate.</param>
/// <param name="ServerName">The name the certificate must carry (<c>proxy-ssl-name</c>); without it the Service's cluster DNS name, which the request carries.</param>
/// <param name="SendServerName">Send <paramref name="ServerName"/> as SNI (<c>proxy-ssl-server-name: on</c>).</param>
/// <param name="Protocols">The TLS versions offered (<c>proxy-ssl-protocols</c>).</param>
/// <param name="CaPem">The Secret's <c>ca.crt</c>.</param>
/// <param name="CertificatePem">The client certificate presented (the Secret's <c>tls.crt</c>).</param>
/// <param name="KeyPem">Its key (<c>tls.key</c>).</param>
internal sealed record BackendTls(
    bool Verify,
    int VerifyDepth,
    string? ServerName,
    bool SendServerName,
    SslProtocols Protocols,
    string? CaPem,
    string? CertificatePem,
    string? KeyPem)
{
    /// <summary>TLS without <c>proxy-ssl-secret</c>: nothing verified, no SNI, as nginx's defaults (<c>proxy_ssl_verify off</c>).</summary>
    public static BackendTls Unverified { get; } = new(false, 1, null, false, SslProtocols.None, null, null, null);

    /// <summary>The client options of one connection; <paramref name="expectedName"/> is checked when no <see cref="ServerName"/> is set.</summary>
    public SslClientAuthenticationOptions ClientOptions(bool http2, string? expectedName, X509Certificate2Collection? caCertificates, X509Certificate2? clientCertificate)
    {
        var options = new SslClientAuthenticationOptions
        {
            // No SNI unless asked for: an IP literal is never sent as a server name.
            TargetHost = SendServerName && ServerName is not null ? ServerName : "",
            ApplicationProtocols = [http2 ? SslApplicationProtocol.Http2 : SslApplicationProtocol.Http11],
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }

        var name = ServerName ?? expectedName;
        options.RemoteCertificateValidationCallback = Verify
            ? (_, certificate, _, _) => certificate is X509Certificate2 leaf && IsTrusted(leaf, caCertificates, name)
            : static (_, _, _, _) => true;
        return options;
    }

    /// <summary>
    /// The options of a handler that opens TLS itself, for HTTP/2 over TLS (GRPCS), where the
    /// request must say <c>:scheme https</c>: SocketsHttpHandler then sends the request's Host as
    /// SNI, and that is also the name checked when no <see cref="ServerName"/> is set.
    /// </summary>
    public SslClientAuthenticationOptions HandlerOptions(X509Certificate2Collection? caCertificates, X509Certificate2? clientCertificate)
    {
        var options = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }

        options.RemoteCertificateValidationCallback = Verify
            ? (sender, certificate, _, _) => certificate is X509Certificate2 leaf &&
                IsTrusted(leaf, caCertificates, ServerName ?? (sender as SslStream)?.TargetHostName)
            : static (_, _, _, _) => true;
        return options;
    }

    /// <summary>Chains <paramref name="leaf"/> to one of the Secret's CAs within the depth, and checks its name.</summary>
    private bool IsTrusted(X509Certificate2 leaf, X509Certificate2Collection? caCertificates, string? name)
    {
        if (caCertificates is null || caCertificates.Count == 0 || name is null || !leaf.MatchesHostname(name))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(caCertificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // nginx's proxy_ssl_verify_depth counts the certificates above the leaf.
        return chain.Build(leaf) && chain.ChainElements.Count - 1 <= VerifyDepth;
    }
}
