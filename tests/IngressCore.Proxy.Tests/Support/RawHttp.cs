using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IngressCore.Proxy.Tests.Support;

/// <summary>Writes a request byte for byte to 127.0.0.1 and reads the response to the end: for request lines no client library sends.</summary>
internal static class RawHttp
{
    public static async Task<CurlResponse> SendAsync(int port, string request)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancel.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancel.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(cancel.Token);
        return CurlResponse.Parse(response);
    }
}
