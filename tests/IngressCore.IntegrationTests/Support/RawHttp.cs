using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IngressCore.IntegrationTests.Support;

/// <summary>Writes a request byte for byte to 127.0.0.1 and reads the response to the end: for request lines no client library sends.</summary>
internal static class RawHttp
{
    public static async Task<CurlResponse> SendAsync(int port, string request) =>
        CurlResponse.Parse(await ExchangeAsync(port, request));

    /// <summary>
    /// Sends <paramref name="request"/> and returns every byte the server wrote until it closed
    /// the connection (as text): all the responses it gave, so a test can count them.
    /// </summary>
    public static Task<string> ExchangeAsync(int port, string request) => ExchangeAsync(port, Encoding.ASCII.GetBytes(request));

    /// <summary>As <see cref="ExchangeAsync(int, string)"/>, for requests with bytes that are not ASCII.</summary>
    public static async Task<string> ExchangeAsync(int port, byte[] request)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancel.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, cancel.Token);
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer (the server closed with request bytes unread): what came
            // before it is the answer.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}
