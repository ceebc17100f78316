using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace IngressCore.Proxy.Tests.Support;

/// <summary>
/// An <see cref="HttpClient"/> whose connections all go to 127.0.0.1 (the gateway's HTTP port for
/// http URLs, its HTTPS port for https URLs), while the URL's host is sent as Host and SNI, as a
/// browser resolving the name to the gateway would. Redirects are not followed.
/// </summary>
internal static class LoopbackClient
{
    public static HttpClient Create(int httpPort, int httpsPort)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var port = context.InitialRequestMessage.RequestUri!.Scheme == "https" ? httpsPort : httpPort;
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                // Test certificates are self-signed; which certificate is served is tested with SslStream.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }
}
