using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using IngressCore.IntegrationTests.Support;

namespace IngressCore.Cli.Tests;

/// <summary>
/// <c>ingresscore serve</c> end to end: the real process on free loopback ports, requests with curl
/// and SslStream, manifest edits picked up by the reload, a broken edit keeping the last good
/// table, and a clean stop on SIGTERM.
/// </summary>
public sealed class ServeCommandTests : IDisposable
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(20);

    private readonly string _folder = Directory.CreateTempSubdirectory("ingresscore-serve-").FullName;

    private string AppManifest => Path.Combine(_folder, "app.yaml");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Ingress(string service, string host = "app.example.com") => $$"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: app
          namespace: default
          creationTimestamp: "2026-01-01T00:00:00Z"
        spec:
          ingressClassName: ingresscore
          tls:
            - hosts: [app.example.com]
              secretName: app-tls
          rules:
            - host: {{host}}
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: {{service}}
                        port:
                          number: 80
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: plain
          namespace: default
          creationTimestamp: "2026-01-02T00:00:00Z"
        spec:
          ingressClassName: ingresscore
          rules:
            - host: plain.example.com
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: plain
                        port:
                          number: 80
        """;

    private static string Secret(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        return $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: app-tls
              namespace: default
            type: kubernetes.io/tls
            data:
              tls.crt: {Base64(certificate.ExportCertificatePem())}
              tls.key: {Base64(key.ExportPkcs8PrivateKeyPem())}
            """;
    }

    private static JsonElement Json(CurlResponse response) => JsonDocument.Parse(response.Body).RootElement.Clone();

    /// <summary>A GET to plain.example.com with an X-Pad header of <paramref name="header"/> bytes and a path of <paramref name="path"/> bytes.</summary>
    private static Task<CurlResponse> HeadSizedAsync(int port, int header, int path) =>
        Curl.RunAsync(["--max-time", "10", "-H", "Host: plain.example.com", "-H", $"X-Pad: {new string('x', header)}",
            $"http://127.0.0.1:{port}/{new string('p', path)}"]);

    private static async Task<string?> ServiceAsync(ServeProcess serve)
    {
        var response = await CurlRunner.GetAsync("app.example.com", serve.HttpsPort, "https", "/");
        return response.Status == 200 ? Json(response).GetProperty("service").GetString() : null;
    }

    [Fact]
    public async Task Serve_routes_redirects_terminates_tls_reloads_keeps_the_last_good_table_and_stops_on_sigterm()
    {
        await File.WriteAllTextAsync(AppManifest, Ingress("one"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "secret.yaml"), Secret("app.example.com"));
        await using var serve = await ServeProcess.StartAsync(_folder, "--echo");

        // Plain HTTP for a TLS host: ingress-nginx's redirect, port dropped, trailing slash removed.
        var redirect = await CurlRunner.GetAsync("app.example.com", serve.HttpPort, "http", "/docs/?page=2");
        Assert.Equal(308, redirect.Status);
        Assert.Equal("https://app.example.com/docs/?page=2", redirect.Header("Location"));

        // HTTPS: the echo backend names the route; HSTS is on.
        var secure = await CurlRunner.GetAsync("app.example.com", serve.HttpsPort, "https", "/api%2Fx?y=1");
        Assert.Equal(200, secure.Status);
        Assert.Equal("max-age=31536000; includeSubDomains", secure.Header("Strict-Transport-Security"));
        var decision = Json(secure);
        Assert.Equal("default/app", decision.GetProperty("ingress").GetString());
        Assert.Equal("one", decision.GetProperty("service").GetString());
        Assert.Equal("/api%2Fx?y=1", decision.GetProperty("upstreamPath").GetString());
        Assert.Equal("https", decision.GetProperty("scheme").GetString());

        // The Secret's certificate is chosen by SNI.
        Assert.Equal("CN=app.example.com", await CertificateSubjectAsync(serve.HttpsPort, "app.example.com"));

        // A host without TLS is served over HTTP; an unknown one is 404.
        Assert.Equal(200, (await CurlRunner.GetAsync("plain.example.com", serve.HttpPort, "http", "/")).Status);
        Assert.Equal(404, (await CurlRunner.GetAsync("nowhere.example.com", serve.HttpPort, "http", "/")).Status);

        // A request head is bounded as ingress-nginx's large-client-header-buffers (4 8k) bounds it
        // (docs/serving.md §6, "Slow clients"): 32 KiB of header section, 8 KiB of request line.
        Assert.Equal(200, (await HeadSizedAsync(serve.HttpPort, header: 30 * 1024, path: 1)).Status);
        Assert.Equal(431, (await HeadSizedAsync(serve.HttpPort, header: 33 * 1024, path: 1)).Status);
        Assert.Equal(200, (await HeadSizedAsync(serve.HttpPort, header: 1, path: 7 * 1024)).Status);
        Assert.Equal(414, (await HeadSizedAsync(serve.HttpPort, header: 1, path: 9 * 1024)).Status);

        // An edit is served after the reload, without a restart.
        await File.WriteAllTextAsync(AppManifest, Ingress("two"));
        await serve.WaitUntilAsync(async () => await ServiceAsync(serve) == "two", ReloadTimeout, "reload to service two");

        // An invalid edit is refused; the last good version keeps serving, and the log says so.
        await File.WriteAllTextAsync(AppManifest, Ingress("three", host: "bad_host!.example.com"));
        await serve.WaitUntilAsync(() => serve.StderrLineCount("last good version keeps serving") > 0, ReloadTimeout, "refusal of the invalid edit");
        Assert.Equal("two", await ServiceAsync(serve));

        // A file that is not even YAML any more: its Ingresses keep their last good version too.
        var reloads = serve.StderrLineCount("info: snapshot ");
        await File.WriteAllTextAsync(AppManifest, "apiVersion: [unclosed\n  kind: {{ nope");
        await serve.WaitUntilAsync(() => serve.StderrLineCount("info: snapshot ") > reloads, ReloadTimeout, "reload of the broken file");
        Assert.Equal("two", await ServiceAsync(serve));
        Assert.Equal(200, (await CurlRunner.GetAsync("plain.example.com", serve.HttpPort, "http", "/")).Status);

        Assert.Equal(0, await serve.TerminateAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Without_echo_a_request_routed_to_a_Service_without_endpoints_is_forwarded_to_nothing_and_answered_503()
    {
        await File.WriteAllTextAsync(AppManifest, Ingress("one"));
        await using var serve = await ServeProcess.StartAsync(AppManifest);

        var response = await CurlRunner.GetAsync("plain.example.com", serve.HttpPort, "http", "/");

        // serve forwards to Services; this folder has no Service or EndpointSlice: nginx's 503 page.
        Assert.Equal(503, response.Status);
        Assert.Contains("<center><h1>503 Service Temporarily Unavailable</h1></center>", response.Body, StringComparison.Ordinal);
        // No Secret in this folder: the TLS host gets the generated default certificate, and still redirects.
        Assert.Equal(308, (await CurlRunner.GetAsync("app.example.com", serve.HttpPort, "http", "/")).Status);
        Assert.Equal("CN=IngressCore default certificate", await CertificateSubjectAsync(serve.HttpsPort, "app.example.com"));
    }

    [Fact]
    public async Task Serve_forwards_to_the_endpoints_of_the_Service_its_manifests_name()
    {
        // The backend: plain HTTP on 127.0.0.1, answering with the request line and Host it received.
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serving = ServeHttpAsync(backend, stop.Token);
        var port = ((IPEndPoint)backend.LocalEndpoint).Port;
        // plain.example.com (no TLS, so no redirect) routes to Service "plain".
        await File.WriteAllTextAsync(AppManifest, Ingress("app") + "\n---\n" + ServiceAndSlice("plain", port));
        await using var serve = await ServeProcess.StartAsync(AppManifest);

        var response = await CurlRunner.GetAsync("plain.example.com", serve.HttpPort, "http", "/some/path?q=1");

        Assert.Equal(200, response.Status);
        Assert.Contains("GET /some/path?q=1 HTTP/1.1", response.Body, StringComparison.Ordinal);
        Assert.Contains("host: plain.example.com", response.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-forwarded-for: 127.0.0.1", response.Body, StringComparison.OrdinalIgnoreCase);
        await stop.CancelAsync();
        await serving;
    }

    /// <summary>A Service on port 80 and its EndpointSlice on 127.0.0.1:<paramref name="port"/>.</summary>
    private static string ServiceAndSlice(string name, int port) => $$"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {{name}}
          namespace: default
        spec:
          ports:
            - port: 80
              targetPort: 8080
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: {{name}}-1
          namespace: default
          labels:
            kubernetes.io/service-name: {{name}}
        addressType: IPv4
        ports:
          - port: {{port}}
        endpoints:
          - addresses: ["127.0.0.1"]
        """;

    /// <summary>Answers each HTTP/1.1 request with its own head (request line and headers) until stopped.</summary>
    private static async Task ServeHttpAsync(TcpListener listener, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, stop);
                    if (read == 0)
                    {
                        break;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var body = Encoding.ASCII.GetBytes(head.ToString());
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), stop);
                await stream.WriteAsync(body, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    [Fact]
    public async Task A_passthrough_host_reaches_its_TLS_backend_through_the_Service_and_EndpointSlice()
    {
        // The backend: TLS on 127.0.0.1 with its own certificate, different from anything serve has.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var self = new CertificateRequest("CN=passthrough backend", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serving = ServeTlsAsync(backend, self, stop.Token);
        await File.WriteAllTextAsync(AppManifest, Ingress("one"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "passthrough.yaml"), Passthrough(((IPEndPoint)backend.LocalEndpoint).Port));
        await using var serve = await ServeProcess.StartAsync(_folder);

        Assert.Equal("CN=passthrough backend", await CertificateSubjectAsync(serve.HttpsPort, "pass.example.com"));
        Assert.Equal("CN=IngressCore default certificate", await CertificateSubjectAsync(serve.HttpsPort, "app.example.com"));

        await stop.CancelAsync();
        await serving;
    }

    /// <summary>An Ingress with ssl-passthrough for pass.example.com, its Service, and an EndpointSlice on 127.0.0.1:<paramref name="port"/>.</summary>
    private static string Passthrough(int port) => $$"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: pass
          namespace: default
          annotations:
            nginx.ingress.kubernetes.io/ssl-passthrough: "true"
        spec:
          ingressClassName: ingresscore
          rules:
            - host: pass.example.com
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: tls-backend
                        port:
                          name: https
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: tls-backend
          namespace: default
        spec:
          ports:
            - name: https
              port: 443
              targetPort: 8443
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: tls-backend-1
          namespace: default
          labels:
            kubernetes.io/service-name: tls-backend
        addressType: IPv4
        ports:
          - name: https
            port: {{port}}
        endpoints:
          - addresses: ["127.0.0.1"]
            conditions:
              ready: true
        """;

    /// <summary>Completes a TLS handshake with <paramref name="certificate"/> on every connection until stopped.</summary>
    private static async Task ServeTlsAsync(TcpListener listener, X509Certificate2 certificate, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                await using var tls = new SslStream(client.GetStream());
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop);
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                {
                    // The client may hang up once it has seen the certificate.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    [Fact]
    public async Task A_port_in_use_is_reported_in_one_line_with_exit_1()
    {
        await File.WriteAllTextAsync(AppManifest, Ingress("one"));
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await CliRunner.RunAsync(null, "serve", AppManifest, "--http", $"127.0.0.1:{port}", "--https", "off");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ingresscore: cannot listen", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--http", "8080")]
    [InlineData("--http", "example.com:80")]
    [InlineData("--https", "127.0.0.1:99999")]
    [InlineData("--https", "::1:8443")]
    public async Task A_malformed_listener_is_a_usage_error(string option, string value)
    {
        var result = await CliRunner.RunAsync(null, "serve", CliRunner.Assets("examples"), option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> CertificateSubjectAsync(int port, string serverName)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancel.Token);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = serverName, RemoteCertificateValidationCallback = (_, _, _, _) => true },
            cancel.Token);
        return tls.RemoteCertificate!.Subject;
    }
}
