using System.Net;
using System.Net.Sockets;
using IngressCore.Forwarding;
using IngressCore.IntegrationTests.Nginx;
using IngressCore.Proxy.Tests.Support;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>
/// The gateway's own 502, 503 and 504 carry real nginx's error pages byte for byte (ingress-nginx
/// serves them with server_tokens off): the same failures are provoked in a real nginx and in the
/// gateway, and the bodies compared.
/// </summary>
public sealed class ErrorPageTests
{
    [Fact]
    public async Task The_502_503_and_504_bodies_are_nginxs_own()
    {
        // A listener that accepts and never answers: a backend that hangs.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        var closed = RoutingTests.ClosedPort();
        await using var nginx = await NginxInstance.StartAsync((port, spare, directory) => $$"""
            worker_processes 1;
            error_log {{directory}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                server_tokens off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                proxy_read_timeout 1s;
                server {
                    listen 127.0.0.1:{{port}};
                    location /502 { proxy_pass http://127.0.0.1:{{closed}}; }
                    location /503 { return 503; }
                    location /504 { proxy_pass http://127.0.0.1:{{silentPort}}; }
                }
                server { listen 127.0.0.1:{{spare}}; return 200; }
            }
            """);
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "pages.example", Nginx(("proxy-read-timeout", "1")), paths: [("/502", "refused"), ("/503", "empty"), ("/504", "silent")])],
            [Service("refused"), Service("empty"), Service("silent")],
            [Slice("refused", "a", "127.0.0.1", closed), Slice("silent", "a", "127.0.0.1", silentPort)]));
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var client = gateway.Client();

        foreach (var status in new[] { 502, 503, 504 })
        {
            using var fromNginx = await direct.GetAsync($"http://127.0.0.1:{nginx.Port}/{status}");
            using var fromGateway = await client.GetAsync($"http://pages.example/{status}");
            var expected = await fromNginx.Content.ReadAsByteArrayAsync();

            Assert.Equal(status, (int)fromNginx.StatusCode);
            Assert.Equal(status, (int)fromGateway.StatusCode);
            Assert.Equal(expected, await fromGateway.Content.ReadAsByteArrayAsync());
            Assert.Equal(expected, ProxyErrorPages.For(status));
            Assert.Equal(fromNginx.Content.Headers.ContentType, fromGateway.Content.Headers.ContentType);
        }
    }
}
