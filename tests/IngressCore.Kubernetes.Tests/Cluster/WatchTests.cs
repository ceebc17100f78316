using System.Globalization;
using System.Text.Json.Nodes;
using IngressCore.Kubernetes.Tests.ApiServer;
using IngressCore.Model;
using IngressCore.Runtime;

namespace IngressCore.Kubernetes.Tests.Cluster;

/// <summary>
/// Following the cluster: every kind's changes reach the runtime, the watch resumes from the last
/// resourceVersion (bookmarks included), lists again on 410 Gone without losing objects, and
/// reconnects with a capped exponential backoff after a dropped connection.
/// </summary>
public sealed class WatchTests : IAsyncLifetime
{
    private StandInApiServer _server = null!;

    public async Task InitializeAsync() => _server = await StandInApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>What one kind's object looks like when added, then modified, and what the snapshot shows of it (null: absent).</summary>
    private static (Func<JsonObject> Add, Func<JsonObject> Modify, Func<IngressSnapshot, string?> Probe) Case(string kind) => kind switch
    {
        "IngressClass" => (
            () => ClusterObjects.IngressClass("extra"),
            () => ClusterObjects.IngressClass("extra", isDefault: true),
            s => s.Objects.IngressClasses.FirstOrDefault(c => c.Name == "extra")?.IsDefault.ToString()),
        "Service" => (
            () => ClusterObjects.Service("svc", port: 80),
            () => ClusterObjects.Service("svc", port: 81),
            s => s.Objects.Services.FirstOrDefault(x => x.Name == "svc")?.Ports[0].Port.ToString(CultureInfo.InvariantCulture)),
        "EndpointSlice" => (
            () => ClusterObjects.EndpointSlice("svc-1", "svc", ["10.0.0.1"]),
            () => ClusterObjects.EndpointSlice("svc-1", "svc", ["10.0.0.2"]),
            s => s.Objects.EndpointSlices.FirstOrDefault(x => x.Name == "svc-1")?.Endpoints[0].Address),
        "Secret" => (
            () => ClusterObjects.TlsSecret("cert", "a.example.com"),
            () => ClusterObjects.TlsSecret("cert", "b.example.com"),
            s => s.Objects.TlsSecrets.FirstOrDefault(x => x.Name == "cert") is { } secret
                ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(secret.CertificatePem).GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.DnsName, false)
                : null),
        // An htpasswd file in an Opaque Secret: the basic-auth users reload with it.
        "OpaqueSecret" => (
            () => ClusterObjects.Secret("users", "Opaque", new Dictionary<string, string> { ["auth"] = "u:1" }),
            () => ClusterObjects.Secret("users", "Opaque", new Dictionary<string, string> { ["auth"] = "u:2" }),
            s => s.Objects.Secrets.FirstOrDefault(x => x.Name == "users") is { } secret ? System.Text.Encoding.UTF8.GetString(secret.Data["auth"]) : null),
        "ConfigMap" => (
            () => ClusterObjects.ConfigMap("headers", new Dictionary<string, string> { ["X-A"] = "1" }),
            () => ClusterObjects.ConfigMap("headers", new Dictionary<string, string> { ["X-A"] = "2" }),
            s => s.Objects.ConfigMaps.FirstOrDefault(x => x.Name == "headers")?.Data["X-A"]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [InlineData("IngressClass", "False", "True")]
    [InlineData("Service", "80", "81")]
    [InlineData("EndpointSlice", "10.0.0.1", "10.0.0.2")]
    [InlineData("Secret", "a.example.com", "b.example.com")]
    [InlineData("ConfigMap", "1", "2")]
    [InlineData("OpaqueSecret", "u:1", "u:2")]
    public async Task Adding_modifying_and_deleting_reaches_the_runtime(string kind, string added, string modified)
    {
        var (add, modify, probe) = Case(kind);
        await using var gateway = await ClusterGateway.StartAsync(_server);
        Assert.Null(probe(gateway.Runtime.Current));

        _server.Apply(add());
        await gateway.WaitForAsync(s => probe(s) == added);

        _server.Apply(modify());
        await gateway.WaitForAsync(s => probe(s) == modified);

        var name = modify()["metadata"]!["name"]!.GetValue<string>();
        _server.Delete(kind == "OpaqueSecret" ? "Secret" : kind, kind == "IngressClass" ? null : "default", name);
        await gateway.WaitForAsync(s => probe(s) is null);
    }

    [Fact]
    public async Task Adding_modifying_and_deleting_an_ingress_changes_what_the_gateway_serves()
    {
        await using var gateway = await ClusterGateway.StartAsync(_server);
        Assert.Equal("404", await gateway.GetAsync("new.example.com"));

        _server.Apply(ClusterObjects.Ingress("new", "new.example.com", "app"));
        await gateway.WaitForAsync(s => s.Routes.Ingresses.Count == 1);
        Assert.Equal("backend=app", await gateway.GetAsync("new.example.com"));

        _server.Apply(ClusterObjects.Ingress("new", "new.example.com", "other"));
        await gateway.WaitForAsync(s => s.Routes.Match("new.example.com", "/").Route?.Backend.ServiceName == "other");
        Assert.Equal("backend=other", await gateway.GetAsync("new.example.com"));

        _server.Delete("Ingress", "default", "new");
        await gateway.WaitForAsync(s => s.Routes.Ingresses.Count == 0);
        Assert.Equal("404", await gateway.GetAsync("new.example.com"));
    }

    [Fact]
    public async Task An_endpoint_change_reaches_the_snapshot_without_rebuilding_the_route_table()
    {
        _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "app"));
        _server.Apply(ClusterObjects.Service("app"));
        _server.Apply(ClusterObjects.EndpointSlice("app-1", "app", ["10.0.0.1"]));
        await using var gateway = await ClusterGateway.StartAsync(_server);
        var before = gateway.Runtime.Current;
        var backend = IngressBackend.ForService("app", 80);
        Assert.Equal(1, before.Services.Resolve("default", backend).ReadyCount);

        _server.Apply(ClusterObjects.EndpointSlice("app-1", "app", ["10.0.0.1", "10.0.0.2"]));
        var after = await gateway.WaitForAsync(s => s.Services.Resolve("default", backend).ReadyCount == 2);

        Assert.Same(before.Routes, after.Routes);
        Assert.Same(before.Certificates, after.Certificates);
        Assert.Same(before.Objects.Ingresses, after.Objects.Ingresses);
        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], after.Services.Resolve("default", backend).Endpoints.Select(e => e.Authority));
        Assert.Equal("backend=app", await gateway.GetAsync("app.example.com"));
    }

    [Fact]
    public async Task A_write_that_changes_nothing_the_model_holds_hands_on_the_same_instances()
    {
        _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "app"));
        await using var gateway = await ClusterGateway.StartAsync(_server);
        var before = gateway.Runtime.Current;
        var provider = gateway.Provider();

        // A status write: a new resourceVersion, a MODIFIED event, the same spec.
        var ingress = _server.Get("Ingress", "default", "app")!;
        ingress["status"] = JsonNode.Parse("""{ "loadBalancer": { "ingress": [ { "ip": "192.0.2.1" } ] } }""");
        _server.Apply(ingress);
        await WaitUntilAsync(() => provider.TryGetIngressStatus("default", "app", out var status) && status == "192.0.2.1");
        _server.Apply(ClusterObjects.ConfigMap("marker", new Dictionary<string, string>()));
        var after = await gateway.WaitForAsync(s => s.Objects.ConfigMaps.Count == 1);

        Assert.Same(before.Objects.Ingresses[0], after.Objects.Ingresses[0]);
        Assert.Same(before.Routes, after.Routes);
    }

    [Fact]
    public async Task A_bookmark_advances_the_resource_version_the_next_watch_resumes_from()
    {
        await using var gateway = await ClusterGateway.StartAsync(_server);
        var first = await _server.WaitForRequestAsync(IngressWatch, ClusterGateway.Timeout);
        Assert.Equal("true", first.Query["allowWatchBookmarks"]);

        // Other kinds moved the resourceVersion on; the bookmark says nothing of ours changed up to it.
        _server.Advance(10);
        var bookmark = _server.Bookmark("Ingress").ToString(CultureInfo.InvariantCulture);
        Assert.NotEqual(bookmark, first.ResourceVersion);
        Assert.Equal(1, _server.EndWatches("Ingress"));

        var next = await _server.WaitForRequestAsync(r => IngressWatch(r) && r.ResourceVersion == bookmark, ClusterGateway.Timeout);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task A_watch_the_server_ends_after_events_is_resumed_at_once_from_the_last_event()
    {
        var time = new ObservedTimeProvider();
        await using var gateway = await ClusterGateway.StartAsync(_server, time: time);
        await _server.WaitForRequestAsync(IngressWatch, ClusterGateway.Timeout);

        var version = _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "app")).ToString(CultureInfo.InvariantCulture);
        await gateway.WaitForAsync(s => s.Routes.Ingresses.Count == 1);
        _server.EndWatches("Ingress");

        // No clock moved: no backoff for a watch that worked.
        var next = await _server.WaitForRequestAsync(r => IngressWatch(r) && r.ResourceVersion == version, ClusterGateway.Timeout);
        Assert.NotNull(next);
        Assert.Single(_server.Requests, r => r.Path == IngressPath && !r.IsWatch);
    }

    [Fact]
    public async Task Gone_lists_again_and_keeps_every_object_that_did_not_change()
    {
        var time = new ObservedTimeProvider();
        _server.Apply(ClusterObjects.Ingress("a", "a.example.com", "app"));
        _server.Apply(ClusterObjects.Ingress("b", "b.example.com", "app"));
        _server.Apply(ClusterObjects.Ingress("d", "d.example.com", "app"));
        await using var gateway = await ClusterGateway.StartAsync(
            _server,
            o =>
            {
                o.InitialBackoff = TimeSpan.FromSeconds(1);
                o.MaxBackoff = TimeSpan.FromSeconds(1);
            },
            time);
        await _server.WaitForRequestAsync(IngressWatch, ClusterGateway.Timeout);
        var d = Assert.Single(gateway.Runtime.Current.Objects.Ingresses, i => i.Name == "d");

        // While the watch is down, a changes, b goes, c comes, and the server forgets those events.
        _server.DropWatches("Ingress");
        await time.WaitForTimersAsync(TimeSpan.FromSeconds(1), 1);
        _server.Apply(ClusterObjects.Ingress("a", "a.example.com", "other"));
        _server.Delete("Ingress", "default", "b");
        _server.Apply(ClusterObjects.Ingress("c", "c.example.com", "app"));
        _server.Compact();
        var lists = _server.Requests.Count(r => r.Path == IngressPath && !r.IsWatch);

        time.Advance(TimeSpan.FromSeconds(1));
        var after = await gateway.WaitForAsync(s => s.Objects.Ingresses.Any(i => i.Name == "c"));

        Assert.Equal(lists + 1, _server.Requests.Count(r => r.Path == IngressPath && !r.IsWatch));
        Assert.Equal(["a", "c", "d"], after.Objects.Ingresses.Select(i => i.Name));
        Assert.Same(d, after.Objects.Ingresses.Single(i => i.Name == "d"));
        Assert.Equal("backend=other", await gateway.GetAsync("a.example.com"));
        Assert.Equal("404", await gateway.GetAsync("b.example.com"));
        Assert.Equal("backend=app", await gateway.GetAsync("d.example.com"));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_after_a_capped_exponential_backoff_and_the_objects_keep_serving()
    {
        var time = new ObservedTimeProvider();
        var one = TimeSpan.FromSeconds(1);
        _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "app"));
        await using var gateway = await ClusterGateway.StartAsync(
            _server,
            o =>
            {
                o.InitialBackoff = one;
                o.MaxBackoff = 4 * one;
            },
            time);
        await _server.WaitForRequestAsync(IngressWatch, ClusterGateway.Timeout);

        // Each drop without an event in between waits twice as long, up to the cap: 1, 2, 4, 4 s.
        var waits = new[] { 1, 2, 4, 4 };
        for (var i = 0; i < waits.Length; i++)
        {
            var watches = IngressWatches();
            var wait = TimeSpan.FromSeconds(waits[i]);
            var armed = time.Armed(wait);
            Assert.Equal(1, _server.DropWatches("Ingress"));
            await time.WaitForTimersAsync(wait, armed + 1);

            time.Advance(wait - TimeSpan.FromMilliseconds(1));
            Assert.Equal(watches, IngressWatches());
            Assert.Equal("backend=app", await gateway.GetAsync("app.example.com"));

            time.Advance(TimeSpan.FromMilliseconds(1));
            await _server.WaitForRequestAsync(r => IngressWatch(r) && IngressWatches() > watches, ClusterGateway.Timeout);
            await WaitForOpenWatchAsync();
        }

        // A watch that delivers an event starts the backoff again from the first wait.
        _server.Apply(ClusterObjects.Ingress("app", "app.example.com", "other"));
        await gateway.WaitForAsync(s => s.Routes.Match("app.example.com", "/").Route?.Backend.ServiceName == "other");
        var ones = time.Armed(one);
        _server.DropWatches("Ingress");
        await time.WaitForTimersAsync(one, ones + 1);
    }

    [Fact]
    public async Task A_burst_of_changes_is_published_once_after_the_debounce()
    {
        var time = new ObservedTimeProvider();
        var debounce = TimeSpan.FromMilliseconds(100);
        await using var gateway = await ClusterGateway.StartAsync(
            _server,
            o =>
            {
                o.Debounce = debounce;
                o.MaxDebounce = TimeSpan.FromSeconds(1);
            },
            time);
        await WaitForOpenWatchAsync("Service");
        var provider = gateway.Provider();
        var seen = provider.ChangesSeen;
        var version = gateway.Runtime.Current.Version;

        for (var i = 0; i < 3; i++)
        {
            _server.Apply(ClusterObjects.Service($"svc-{i}"));
        }

        await WaitUntilAsync(() => provider.ChangesSeen >= seen + 3);
        await time.WaitForTimersAsync(debounce, 1);
        Assert.Equal(version, gateway.Runtime.Current.Version);

        time.Advance(debounce);
        var after = await gateway.WaitForAsync(s => s.Version > version);
        Assert.Equal(version + 1, after.Version);
        Assert.Equal(3, after.Objects.Services.Count);
    }

    private const string IngressPath = "/apis/networking.k8s.io/v1/ingresses";

    private static bool IngressWatch(RecordedRequest r) => r.IsWatch && r.Path == IngressPath;

    private int IngressWatches() => _server.Requests.Count(IngressWatch);

    private Task WaitForOpenWatchAsync(string kind = "Ingress") => WaitUntilAsync(() => _server.OpenWatches(kind) == 1);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cancel = new CancellationTokenSource(ClusterGateway.Timeout);
        while (!condition())
        {
            await Task.Delay(10, cancel.Token);
        }
    }
}
