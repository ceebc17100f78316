using System.Net.Security;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// Request framing behind <c>UseIngressTls()</c>: the request heads are kept after TLS, where the
/// bytes are HTTP, so a signed Content-Length is refused on HTTPS as on HTTP; HTTP/2 connections
/// are passed by untouched and still served.
/// </summary>
public sealed class RequestFramingOverTlsTests
{
    [Fact]
    public async Task A_signed_Content_Length_over_TLS_is_refused_and_a_plain_one_is_served()
    {
        await using var gateway = await RoutingGateway.StartAsync(PassthroughTests.Objects(backendPort: 1, passthrough: false));

        await using (var client = await TlsClient.ConnectAsync(gateway.Port, "web.example.com", SslApplicationProtocol.Http11))
        {
            var (status, body) = await client.SendAsync("POST / HTTP/1.1\r\nHost: web.example.com\r\nContent-Length: +5\r\n\r\nhello");
            Assert.Equal(400, status);
            Assert.Equal("400 Bad Request: Content-Length must be digits only\n", body);
        }

        await using (var client = await TlsClient.ConnectAsync(gateway.Port, "web.example.com", SslApplicationProtocol.Http11))
        {
            var (status, body) = await client.SendAsync("POST / HTTP/1.1\r\nHost: web.example.com\r\nContent-Length: 5\r\n\r\nhello");
            Assert.Equal(200, status);
            Assert.StartsWith("terminated sni=web.example.com", body, StringComparison.Ordinal);
        }

        var (exitCode, curlBody, version) = await ExternalTool.CurlAsync(gateway.Port, "web.example.com");
        Assert.True(exitCode == 0, curlBody);
        Assert.Equal("2", version);
        Assert.StartsWith("terminated sni=web.example.com", curlBody, StringComparison.Ordinal);
    }
}
