using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace IngressCore.Tls.Tests.Support;

/// <summary>What a client saw in a handshake.</summary>
/// <param name="Certificate">The server's leaf certificate.</param>
/// <param name="Errors">The validation errors against the test root only (none: chain and name are good).</param>
/// <param name="Protocol">The ALPN protocol negotiated.</param>
public sealed record Handshake(X509Certificate2 Certificate, SslPolicyErrors Errors, SslApplicationProtocol Protocol)
{
    /// <summary>The leaf's subject, such as <c>CN=a.example.com</c>.</summary>
    public string Subject => Certificate.Subject;
}

/// <summary>
/// An <see cref="SslStream"/> client on loopback. It trusts only the test root (offline, no
/// downloads), so <see cref="Handshake.Errors"/> is <see cref="SslPolicyErrors.None"/> only when
/// the server sent the intermediate and the certificate fits the name. Every step is bounded.
/// </summary>
public sealed class TlsClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly SslStream _ssl;

    private TlsClient(TcpClient tcp, SslStream ssl, Handshake handshake)
    {
        _tcp = tcp;
        _ssl = ssl;
        Handshake = handshake;
    }

    public Handshake Handshake { get; }

    /// <summary>Handshakes and disconnects.</summary>
    public static async Task<Handshake> HandshakeAsync(int port, string serverName, params SslApplicationProtocol[] alpn)
    {
        await using var client = await ConnectAsync(port, serverName, alpn);
        return client.Handshake;
    }

    /// <summary>Connects and handshakes, sending <paramref name="serverName"/> as SNI (none when empty).</summary>
    public static Task<TlsClient> ConnectAsync(int port, string serverName, params SslApplicationProtocol[] alpn) =>
        ConnectAsync(port, serverName, static stream => stream, alpn);

    /// <summary>Connects and handshakes over the connection's stream as <paramref name="wrap"/> wraps it (to cut writes up, say).</summary>
    public static async Task<TlsClient> ConnectAsync(int port, string serverName, Func<Stream, Stream> wrap, params SslApplicationProtocol[] alpn)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            X509Certificate2? seen = null;
            var errors = SslPolicyErrors.None;
            var ssl = new SslStream(wrap(tcp.GetStream()), leaveInnerStreamOpen: false);
            var root = TestPki.Shared.Value.Root;
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            };
            policy.CustomTrustStore.Add(root);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = serverName,
                    ApplicationProtocols = alpn.Length == 0 ? null : [.. alpn],
                    CertificateChainPolicy = policy,
                    RemoteCertificateValidationCallback = (_, certificate, _, sslErrors) =>
                    {
                        seen = certificate is null ? null : new X509Certificate2(certificate);
                        errors = sslErrors;
                        return true;
                    },
                },
                timeout.Token);
            return new TlsClient(tcp, ssl, new Handshake(seen ?? throw new InvalidOperationException("no server certificate"), errors, ssl.NegotiatedApplicationProtocol));
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends an HTTP/1.1 GET on this connection and returns the status line and body.</summary>
    public Task<(int Status, string Body)> GetAsync(string host) => SendAsync($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");

    /// <summary>Sends <paramref name="request"/> byte for byte on this connection and returns the status line and body.</summary>
    public async Task<(int Status, string Body)> SendAsync(string request)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _ssl.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var read = await _ssl.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new IOException("connection closed before the response headers ended");
            }

            buffer.AddRange(chunk.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. buffer.Take(headerEnd)]);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var length = int.Parse(
            lines.First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        var body = buffer.Skip(headerEnd + 4).ToList();
        while (body.Count < length)
        {
            var read = await _ssl.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new IOException("connection closed before the response body ended");
            }

            body.AddRange(chunk.AsSpan(0, read));
        }

        return (status, Encoding.UTF8.GetString([.. body]));
    }

    public async ValueTask DisposeAsync()
    {
        await _ssl.DisposeAsync();
        _tcp.Dispose();
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
