using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Kubernetes.Tests.ApiServer;

namespace IngressCore.Kubernetes.Tests.Cluster;

/// <summary>The first lists: every kind read, the start returning only once they are in, the selectors sent.</summary>
public sealed class InitialListTests : IAsyncLifetime
{
    private StandInApiServer _server = null!;

    public async Task InitializeAsync() => _server = await StandInApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_kind_is_listed_and_served_as_soon_as_the_host_has_started()
    {
        _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "app", secret: "app-tls"));
        _server.Apply(ClusterObjects.Ingress("plain", "plain.example.com", "other", className: null));
        _server.Apply(ClusterObjects.IngressClass("ingresscore", isDefault: true));
        _server.Apply(ClusterObjects.Service("app"));
        _server.Apply(ClusterObjects.EndpointSlice("app-abc", "app", ["10.1.0.1", "10.1.0.2"]));
        _server.Apply(ClusterObjects.TlsSecret("app-tls", "app.example.com"));
        _server.Apply(ClusterObjects.Secret("password", "Opaque", new Dictionary<string, string> { ["password"] = "hunter2" }));
        _server.Apply(ClusterObjects.ConfigMap("headers", new Dictionary<string, string> { ["X-Team"] = "web" }));

        await using var gateway = await ClusterGateway.StartAsync(_server, https: true);

        // No waiting: the host's start returned with the cluster's objects in the snapshot.
        var snapshot = gateway.Runtime.Current;
        Assert.Equal(["default/app", "default/plain"], snapshot.Routes.Ingresses.Select(i => i.QualifiedName).Order());
        Assert.Equal("ingresscore", Assert.Single(snapshot.Objects.IngressClasses).Name);
        Assert.True(snapshot.Objects.IngressClasses[0].IsDefault);
        Assert.Equal("default/app", Assert.Single(snapshot.Objects.Services).QualifiedName);
        Assert.Equal(["10.1.0.1", "10.1.0.2"], Assert.Single(snapshot.Objects.EndpointSlices).Endpoints.Select(e => e.Address));
        Assert.Equal("default/app-tls", Assert.Single(snapshot.Objects.TlsSecrets).QualifiedName);
        Assert.Equal("hunter2", System.Text.Encoding.UTF8.GetString(Assert.Single(snapshot.Objects.Secrets).Data["password"]));
        Assert.Equal("web", Assert.Single(snapshot.Objects.ConfigMaps).Data["X-Team"]);
        Assert.Empty(snapshot.Diagnostics);
        Assert.Equal(2, snapshot.Services.Resolve("default", Model.IngressBackend.ForService("app", 80)).ReadyCount);

        Assert.Equal("backend=other", await gateway.GetAsync("plain.example.com"));
        Assert.Equal("308", await gateway.GetAsync("app.example.com")); // ssl-redirect: the host has a certificate
        Assert.Equal("CN=app.example.com", await ServerCertificateSubjectAsync(gateway.HttpsPort, "app.example.com"));
    }

    [Fact]
    public async Task Secrets_are_asked_for_by_type_and_label_and_every_list_and_watch_by_the_namespace()
    {
        await using var gateway = await ClusterGateway.StartAsync(_server, o =>
        {
            o.Namespace = "shop";
            o.SecretLabelSelector = "app.kubernetes.io/part-of=web";
        });

        // Two kinds of Secret, each its own list and watch: certificates, and the Opaque ones auth reads.
        var requests = _server.Requests;
        var secrets = requests.Where(r => r.Path == "/api/v1/namespaces/shop/secrets" && !r.IsWatch).ToList();
        Assert.Equal(["type=Opaque", "type=kubernetes.io/tls"], secrets.Select(s => s.Query["fieldSelector"]).Order(StringComparer.Ordinal));
        Assert.All(secrets, s => Assert.Equal("app.kubernetes.io/part-of=web", s.Query["labelSelector"]));
        Assert.Contains(requests, r => r.Path == "/apis/networking.k8s.io/v1/namespaces/shop/ingresses");
        Assert.Contains(requests, r => r.Path == "/api/v1/namespaces/shop/services");
        Assert.Contains(requests, r => r.Path == "/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices");
        Assert.Contains(requests, r => r.Path == "/api/v1/namespaces/shop/configmaps");

        // IngressClasses have no namespace: always the cluster's.
        Assert.Contains(requests, r => r.Path == "/apis/networking.k8s.io/v1/ingressclasses");
        var watch = await _server.WaitForRequestAsync(r => r.IsWatch && r.Path.EndsWith("/secrets", StringComparison.Ordinal) && r.Query["fieldSelector"] == "type=kubernetes.io/tls", ClusterGateway.Timeout);
        Assert.Equal("true", watch.Query["allowWatchBookmarks"]);
    }

    [Fact]
    public async Task Objects_outside_the_namespace_or_the_secret_selector_are_not_read()
    {
        _server.Apply(ClusterObjects.Ingress("mine", "mine.example.com", "app", ns: "shop"));
        _server.Apply(ClusterObjects.Ingress("theirs", "theirs.example.com", "app", ns: "other"));
        _server.Apply(ClusterObjects.TlsSecret("labelled", "mine.example.com", ns: "shop", labels: new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "web" }));
        _server.Apply(ClusterObjects.TlsSecret("unlabelled", "mine.example.com", ns: "shop"));

        await using var gateway = await ClusterGateway.StartAsync(_server, o =>
        {
            o.Namespace = "shop";
            o.SecretLabelSelector = "app.kubernetes.io/part-of=web";
        });

        var snapshot = gateway.Runtime.Current;
        Assert.Equal("shop/mine", Assert.Single(snapshot.Objects.Ingresses).QualifiedName);
        Assert.Equal("shop/labelled", Assert.Single(snapshot.Objects.TlsSecrets).QualifiedName);
    }

    [Fact]
    public async Task A_long_list_is_read_page_by_page()
    {
        for (var i = 0; i < 25; i++)
        {
            _server.Apply(ClusterObjects.Service($"svc-{i:D2}"));
        }

        await using var gateway = await ClusterGateway.StartAsync(_server, o => o.PageSize = 10);

        Assert.Equal(25, gateway.Runtime.Current.Objects.Services.Count);
        var pages = _server.Requests.Where(r => r.Path == "/api/v1/services" && !r.IsWatch).ToList();
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal("10", p.Query["limit"]));
        Assert.False(pages[0].Query.ContainsKey("continue"));
        Assert.True(pages[2].Query.ContainsKey("continue"));
    }

    [Fact]
    public async Task A_named_context_of_the_kubeconfig_is_used()
    {
        _server.Apply(ClusterObjects.Service("app"));
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"ingresscore-contexts-{Guid.NewGuid():N}.yaml");
        try
        {
            // The current context points at a port nothing listens on; the named one at the stand-in.
            _server.WriteKubeconfig(kubeconfig, currentContext: "nowhere", otherContexts: new Dictionary<string, string> { ["nowhere"] = "https://127.0.0.1:1" });

            await using var gateway = await ClusterGateway.StartAsync(_server, o =>
            {
                o.KubeconfigPath = kubeconfig;
                o.Context = "stand-in";
            });

            Assert.Single(gateway.Runtime.Current.Objects.Services);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    internal static async Task<string> ServerCertificateSubjectAsync(int port, string host)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host });
        using var certificate = new X509Certificate2(tls.RemoteCertificate!);
        return certificate.Subject;
    }
}
