using System.Net;
using IngressCore.Diagnostics;
using IngressCore.IntegrationTests.Support;
using IngressCore.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IngressCore.IntegrationTests;

/// <summary>
/// <c>LoadFromManifests</c> follows the folder: a changed file is served without a restart, and a
/// file that cannot be read keeps its objects' last good version. The tests wait for the runtime's
/// snapshot that shows the change (an event), never for a set time. The debounce is short but not
/// zero: File.WriteAllText truncates then writes, and without a debounce the empty file in between
/// may be read (a deletion) before the text that follows it.
/// </summary>
public sealed class ReloadTests : IDisposable
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(15);

    private readonly string _folder = Directory.CreateTempSubdirectory("ingresscore-reload-").FullName;

    private string IngressFile => Path.Combine(_folder, "app.yaml");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Manifest(string service) => $"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: app
        spec:
          rules:
          - host: app.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: {service}
                    port:
                      number: 80
        """;

    private async Task<Gateway> StartAsync() =>
        await Gateway.StartAsync(
            o => o.Builder = b => b.LoadFromManifests(m =>
            {
                m.Paths.Add(_folder);
                m.Debounce = TimeSpan.FromMilliseconds(20);
            }),
            app =>
            {
                app.MapIngressBackend("one", b => TestBackends.Echo(b, "one"));
                app.MapIngressBackend("two", b => TestBackends.Echo(b, "two"));
            });

    private static async Task<string?> BackendAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("http://app.example.com/"));
        return response.StatusCode == HttpStatusCode.OK ? TestBackends.Field(await response.Content.ReadAsStringAsync(), "backend") : null;
    }

    /// <summary>Writes the file and waits for a snapshot built from all of it.</summary>
    private static async Task<IngressSnapshot> WriteAndWaitAsync(Gateway gateway, string file, string text, Func<IngressSnapshot, bool> written)
    {
        await File.WriteAllTextAsync(file, text);
        using var timeout = new CancellationTokenSource(ReloadTimeout);
        return await gateway.Runtime.WaitForAsync(written, timeout.Token);
    }

    private static string? ServiceOf(IngressSnapshot snapshot) =>
        snapshot.Routes.Match("app.example.com", "/").Route?.Backend.ServiceName;

    [Fact]
    public async Task A_changed_file_is_served_after_the_reload_and_a_broken_one_keeps_the_last_good_version()
    {
        await File.WriteAllTextAsync(IngressFile, Manifest("one"));
        await using var gateway = await StartAsync();
        var client = gateway.Client();
        Assert.Equal("one", await BackendAsync(client));

        await WriteAndWaitAsync(gateway, IngressFile, Manifest("two"), s => ServiceOf(s) == "two");
        Assert.Equal("two", await BackendAsync(client));

        var broken = await WriteAndWaitAsync(
            gateway,
            IngressFile,
            Manifest("two").Replace("kind: Ingress", "kind: [Ingress", StringComparison.Ordinal),
            s => s.Diagnostics.Any(d => d.Message.Contains("invalid YAML", StringComparison.Ordinal)));
        Assert.Contains(broken.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.File == IngressFile);
        Assert.Contains(broken.Diagnostics, d => d.Message.Contains("last good version keeps serving", StringComparison.Ordinal));
        Assert.Equal("two", await BackendAsync(client));
        Assert.Single(broken.Routes.Ingresses);
    }

    [Fact]
    public async Task A_file_added_to_the_folder_is_served_and_a_deleted_one_is_dropped()
    {
        await File.WriteAllTextAsync(IngressFile, Manifest("one"));
        await using var gateway = await StartAsync();
        var client = gateway.Client();

        // A new file is seen first empty (created), then written: wait for the snapshot that has it whole.
        var other = Path.Combine(_folder, "other.yaml");
        await File.WriteAllTextAsync(other, Manifest("two").Replace("name: app", "name: other", StringComparison.Ordinal).Replace("app.example.com", "other.example.com", StringComparison.Ordinal));
        using (var timeout = new CancellationTokenSource(ReloadTimeout))
        {
            var added = await gateway.Runtime.WaitForAsync(s => s.Routes.Ingresses.Count == 2, timeout.Token);
            Assert.Contains(added.Routes.Ingresses, i => i.Name == "other");
        }

        using (var response = await client.GetAsync(new Uri("http://other.example.com/")))
        {
            Assert.Equal("two", TestBackends.Field(await response.Content.ReadAsStringAsync(), "backend"));
        }

        File.Delete(other);
        using (var timeout = new CancellationTokenSource(ReloadTimeout))
        {
            var removed = await gateway.Runtime.WaitForAsync(s => s.Routes.Ingresses.Count == 1, timeout.Token);
            Assert.Equal("app", Assert.Single(removed.Routes.Ingresses).Name);
        }

        using (var response = await client.GetAsync(new Uri("http://other.example.com/")))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_file_added_before_the_others_in_order_is_served_and_later_changes_still_are()
    {
        await File.WriteAllTextAsync(IngressFile, Manifest("one"));
        await using var gateway = await StartAsync();

        // "aaa.yaml" sorts before "app.yaml": the known file moves to a later place in the listing.
        var first = Path.Combine(_folder, "aaa.yaml");
        await File.WriteAllTextAsync(first, Manifest("two").Replace("name: app", "name: aaa", StringComparison.Ordinal).Replace("app.example.com", "aaa.example.com", StringComparison.Ordinal));
        using (var timeout = new CancellationTokenSource(ReloadTimeout))
        {
            var added = await gateway.Runtime.WaitForAsync(s => s.Routes.Ingresses.Count == 2, timeout.Token);
            Assert.Contains(added.Routes.Ingresses, i => i.Name == "aaa");
        }

        var changed = await WriteAndWaitAsync(gateway, IngressFile, Manifest("two"), s => ServiceOf(s) == "two");
        Assert.Equal(2, changed.Routes.Ingresses.Count);
    }

    [Fact]
    public async Task A_manifest_folder_deleted_and_restored_keeps_its_last_good_objects_serving_in_between()
    {
        // The folder given is moved away whole (an operator replacing it, a volume remounted): a
        // path given that no longer exists is an error naming it, and errors keep the last good
        // objects. It used to be read as "no objects": every route of the folder went 404.
        var given = Path.Combine(_folder, "manifests");
        var away = Path.Combine(_folder, "away");
        Directory.CreateDirectory(given);
        await File.WriteAllTextAsync(Path.Combine(given, "app.yaml"), Manifest("one"));
        await using var gateway = await Gateway.StartAsync(
            o => o.Builder = b => b.LoadFromManifests(m =>
            {
                m.Paths.Add(given);
                m.Debounce = TimeSpan.FromMilliseconds(20);
                // The watcher goes with the folder; the periodic check sees it come back.
                m.PollInterval = TimeSpan.FromMilliseconds(200);
            }),
            app => app.MapIngressBackend("one", b => TestBackends.Echo(b, "one")));
        var client = gateway.Client();

        Directory.Move(given, away);
        using (var timeout = new CancellationTokenSource(ReloadTimeout))
        {
            var gone = await gateway.Runtime.WaitForAsync(s => s.Diagnostics.Any(d => d.Message.Contains("no such file or folder", StringComparison.Ordinal)), timeout.Token);
            Assert.Contains(gone.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.File == given);
            Assert.Contains(gone.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.ObjectName == "default/app" && d.Message.Contains("last good version keeps serving", StringComparison.Ordinal));
            Assert.Single(gone.Routes.Ingresses);
        }

        Assert.Equal("one", await BackendAsync(client));

        Directory.Move(away, given);
        using (var timeout = new CancellationTokenSource(ReloadTimeout))
        {
            await gateway.Runtime.WaitForAsync(s => s.Diagnostics.Count == 0 && s.Routes.Ingresses.Count == 1, timeout.Token);
        }

        Assert.Equal("one", await BackendAsync(client));
    }

    [Fact]
    public async Task A_file_emptied_before_its_new_text_is_written_keeps_its_objects_in_between()
    {
        // Writing in place truncates the file first; a writer slower than the debounce (or the
        // periodic check falling in between) shows the empty file. Read as "no objects", every
        // route of the file went 404 until the text arrived.
        await File.WriteAllTextAsync(IngressFile, Manifest("one"));
        await using var gateway = await StartAsync();
        var client = gateway.Client();

        await File.WriteAllTextAsync(IngressFile, "");
        using (var timeout = new CancellationTokenSource(ReloadTimeout))
        {
            var empty = await gateway.Runtime.WaitForAsync(s => s.Diagnostics.Any(d => d.Message.Contains("the file is empty", StringComparison.Ordinal)), timeout.Token);
            Assert.Contains(empty.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.File == IngressFile);
            Assert.Single(empty.Routes.Ingresses);
        }

        Assert.Equal("one", await BackendAsync(client));

        // Still empty at the next read (seen in the snapshot that another file's change makes): still kept.
        await File.WriteAllTextAsync(IngressFile, "");
        await File.WriteAllTextAsync(Path.Combine(_folder, "other.yaml"), Manifest("two").Replace("name: app", "name: other", StringComparison.Ordinal).Replace("app.example.com", "other.example.com", StringComparison.Ordinal));
        using (var timeout = new CancellationTokenSource(ReloadTimeout))
        {
            var again = await gateway.Runtime.WaitForAsync(s => s.Routes.Ingresses.Any(i => i.Name == "other"), timeout.Token);
            Assert.Contains(again.Routes.Ingresses, i => i.Name == "app");
        }

        Assert.Equal("one", await BackendAsync(client));

        await WriteAndWaitAsync(gateway, IngressFile, Manifest("two"), s => ServiceOf(s) == "two");
        Assert.Equal("two", await BackendAsync(client));
    }
}
