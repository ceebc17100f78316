using System.Text;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Runtime;
using IngressCore.Sources;
using IngressCore.Kubernetes;
using IngressCore.Matching;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// From manifests as <c>kubectl</c> or cert-manager write them (a <c>kubernetes.io/tls</c> Secret
/// with base64 <c>data</c> or plain <c>stringData</c>) through <see cref="ManifestLoader"/> and the
/// route table to a real handshake.
/// </summary>
public sealed class ManifestTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingresscore-tls-manifests-").FullName;

    [Fact]
    public async Task Secrets_read_from_manifests_serve_their_ingress_hosts()
    {
        var pki = TestPki.Shared.Value;
        var api = pki.Secret("shop", "ignored", "api.example.com");
        var web = pki.Secret("shop", "ignored", "web.example.com");
        static string B64(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text));
        static string Indent(string text) => string.Join("\n", text.TrimEnd('\n').Split('\n').Select(l => "    " + l));
        File.WriteAllText(Path.Combine(_folder, "shop.yaml"), $$"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
              namespace: shop
            spec:
              tls:
              - hosts: [api.example.com]
                secretName: api-tls
              - secretName: web-tls
              rules:
              - host: api.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: api
                        port: {number: 80}
              - host: web.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: web
                        port: {number: 80}
            ---
            apiVersion: v1
            kind: Secret
            type: kubernetes.io/tls
            metadata:
              name: api-tls
              namespace: shop
            data:
              tls.crt: {{B64(api.CertificatePem)}}
              tls.key: {{B64(api.PrivateKeyPem)}}
            ---
            apiVersion: v1
            kind: Secret
            type: kubernetes.io/tls
            metadata:
              name: web-tls
              namespace: shop
            stringData:
              tls.crt: |
            {{Indent(web.CertificatePem)}}
              tls.key: |
            {{Indent(web.PrivateKeyPem)}}
            """);

        var set = ManifestLoader.Load(_folder);
        Assert.False(set.HasErrors, string.Join("\n", set.Diagnostics));
        var table = RouteTable.Build(set.Ingresses);
        var store = SniCertificateStore.Build(table.Ingresses, set.Certificates);
        Assert.Empty(store.Diagnostics);
        Assert.Equal(["api.example.com", "web.example.com"], store.Hosts);

        await using var server = await TlsServer.StartAsync(new SniCertificateSource(store));
        var apiHandshake = await TlsClient.HandshakeAsync(server.Port, "api.example.com");
        Assert.Equal("CN=api.example.com", apiHandshake.Subject);
        Assert.Equal(System.Net.Security.SslPolicyErrors.None, apiHandshake.Errors);
        Assert.Equal("CN=web.example.com", (await TlsClient.HandshakeAsync(server.Port, "web.example.com")).Subject);
    }

    [Fact]
    public async Task A_tls_crt_that_is_not_PEM_keeps_the_last_good_certificate_through_a_reload()
    {
        var secret = TestPki.Shared.Value.Secret("shop", "shop-tls", "shop.example.com");
        static string B64(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text));
        void Write(string certificate) => File.WriteAllText(Path.Combine(_folder, "shop.yaml"), $$"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
              namespace: shop
            spec:
              tls:
              - hosts: [shop.example.com]
                secretName: shop-tls
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: web
                        port: {number: 80}
            ---
            apiVersion: v1
            kind: Secret
            type: kubernetes.io/tls
            metadata:
              name: shop-tls
              namespace: shop
            data:
              tls.crt: {{B64(certificate)}}
              tls.key: {{B64(secret.PrivateKeyPem)}}
            """);
        IngressObjects Load()
        {
            var set = ManifestLoader.Load(_folder);
            return new IngressObjects { Ingresses = set.Ingresses, TlsSecrets = set.Certificates, Diagnostics = set.Diagnostics };
        }

        Write(secret.CertificatePem);
        await using var gateway = await RoutingGateway.StartAsync(Load());
        Assert.Equal("CN=shop.example.com", (await TlsClient.HandshakeAsync(gateway.Port, "shop.example.com")).Subject);

        // An edit that leaves tls.crt without PEM (here: plain text where the certificate was).
        Write("not a certificate\n");
        gateway.Objects = Load();
        gateway.Reload();

        var error = Assert.Single(gateway.Objects.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Error, "Secret", "shop", "shop-tls", "data[tls.crt]"), (error.Severity, error.Kind, error.Namespace, error.Name, error.Field));
        Assert.Equal("the certificate is not PEM text: it has no -----BEGIN line", error.Message);
        var handshake = await TlsClient.HandshakeAsync(gateway.Port, "shop.example.com");
        Assert.Equal("CN=shop.example.com", handshake.Subject);
        Assert.Equal(System.Net.Security.SslPolicyErrors.None, handshake.Errors);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
