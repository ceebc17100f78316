using System.Net;
using IngressCore.Faults.Tests.Support;
using IngressCore.Proxy.Tests.Support;

namespace IngressCore.Faults.Tests;

/// <summary>
/// The folder <c>serve</c> follows, edited the ways operators edit it: a file that appears half
/// written and is then completed, an edit caught half way, an edit that is refused, a file deleted
/// and restored, and the whole folder deleted and made again. A route in a file the edits do not
/// touch never fails; every refusal is a line on stderr that names the file or object and why.
/// </summary>
public sealed class ManifestEditTests
{
    [Fact]
    public async Task Half_written_refused_deleted_and_restored_manifests_never_fail_an_unaffected_route_and_each_refusal_is_reported()
    {
        await using var stable = await FaultyBackends.HealthyAsync("stable");
        await using var v1 = await FaultyBackends.HealthyAsync("v1");
        await using var v2 = await FaultyBackends.HealthyAsync("v2");
        await using var gateway = await FaultGateway.StartAsync([("stable.yaml", Manifests.Route("stable", "stable.example", [stable.Port]))], "--access-log", "off");
        var edited = gateway.PathOf("edited.yaml");
        await using var traffic = new Traffic(gateway.Serve.HttpPort, "stable.example");

        // 1. A new file, seen half written: the cut falls inside a quoted scalar, so the YAML is
        // invalid. Refused, with the file and the reason; nothing of it is served yet.
        var first = Manifests.Route("edited", "edited.example", [v1.Port]);
        var (head, tail) = CutInsideTheHost(first);
        var snapshot = gateway.LastSnapshot;
        await File.WriteAllTextAsync(edited, head);
        await gateway.WaitForSnapshotAsync(snapshot);
        var refusal = await gateway.WaitForStderrAsync("error: ", edited, "invalid YAML");
        Assert.Contains("the file was not read", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("edited.example")).Status);

        // Completed: applied.
        await File.AppendAllTextAsync(edited, tail);
        await gateway.WaitForStatusAsync("edited.example", HttpStatusCode.OK, "backend=v1");
        await traffic.WaitForMoreAsync(10);

        // 2. An edit caught half way (the new version sends to v2): refused; the file's objects
        // keep their last good version (v1), each named in a warning; completed, v2 is served.
        var second = Manifests.Route("edited", "edited.example", [v2.Port]);
        (head, tail) = CutInsideTheHost(second);
        var refusals = gateway.StderrLines(edited, "invalid YAML").Count;
        await File.WriteAllTextAsync(edited, head);
        await gateway.Serve.WaitUntilAsync(() => gateway.StderrLines(edited, "invalid YAML").Count > refusals, FaultGateway.ReloadTimeout, "the half-written edit refused");
        await gateway.WaitForStderrAsync("warning: ", edited, "default/edited", "last good version keeps serving");
        Assert.Equal("v1", TestBackend.Field((await gateway.GetAsync("edited.example")).Body, "backend"));
        await File.AppendAllTextAsync(edited, tail);
        await gateway.WaitForStatusAsync("edited.example", HttpStatusCode.OK, "backend=v2");
        await traffic.WaitForMoreAsync(10);

        // 3. An Ingress edit refused for what it says (to another Service, with an annotation that
        // is not a number of seconds): the Ingress keeps its last good version (to Service edited,
        // on v2); the error names it, the annotation and why.
        var badTimeout = new Dictionary<string, string> { ["proxy-read-timeout"] = "soon" };
        snapshot = gateway.LastSnapshot;
        await File.WriteAllTextAsync(edited, Manifests.Join(
            Manifests.Ingress("edited", "edited.example", "nowhere", badTimeout), Manifests.Service("edited"), Manifests.Slices("edited", [v2.Port])));
        await gateway.WaitForSnapshotAsync(snapshot);
        var annotationError = await gateway.WaitForStderrAsync("error: ", edited, "default/edited", "proxy-read-timeout");
        Assert.Contains("soon", annotationError, StringComparison.Ordinal);
        await gateway.WaitForStderrAsync("warning: ", "Ingress default/edited was refused; its last good version keeps serving");
        Assert.Equal("v2", TestBackend.Field((await gateway.GetAsync("edited.example")).Body, "backend"));
        await traffic.WaitForMoreAsync(10);

        // 4. The file deleted: its objects are gone (404); restored: served again.
        await File.WriteAllTextAsync(edited, second);
        await gateway.WaitForStatusAsync("edited.example", HttpStatusCode.OK, "backend=v2");
        File.Delete(edited);
        await gateway.WaitForStatusAsync("edited.example", HttpStatusCode.NotFound);
        await File.WriteAllTextAsync(edited, second);
        await gateway.WaitForStatusAsync("edited.example", HttpStatusCode.OK, "backend=v2");
        await traffic.WaitForMoreAsync(10);

        // 5. The whole folder deleted: an error names it, and everything read from it keeps its
        // last good version (both routes keep answering) until it is made again.
        Directory.Delete(gateway.Folder, recursive: true);
        await gateway.WaitForStderrAsync("error: ", gateway.Folder, "no such file or folder");
        await gateway.WaitForStderrAsync("warning: ", "default/edited", "could not be read this time; its last good version keeps serving");
        Assert.Equal("v2", TestBackend.Field((await gateway.GetAsync("edited.example")).Body, "backend"));
        Directory.CreateDirectory(gateway.Folder);
        await File.WriteAllTextAsync(gateway.PathOf("stable.yaml"), Manifests.Route("stable", "stable.example", [stable.Port]));
        await File.WriteAllTextAsync(edited, first);
        // The folder made anew is found by the periodic check (every 5 s).
        await gateway.WaitForStatusAsync("edited.example", HttpStatusCode.OK, "backend=v1");
        await traffic.WaitForMoreAsync(10);

        // The unaffected route was asked at least ten times after each of the five steps (above).
        var (ok, failures) = await traffic.StopAsync();
        Assert.True(failures.Count == 0, $"{failures.Count} of {ok + failures.Count} requests to the unaffected route failed: {string.Join("; ", failures.Take(5))}");
    }

    /// <summary>Splits the manifest inside the Ingress's quoted host: the head alone is not valid YAML.</summary>
    private static (string Head, string Tail) CutInsideTheHost(string manifest)
    {
        var cut = manifest.IndexOf("host: \"edited.ex", StringComparison.Ordinal) + "host: \"edited.ex".Length;
        return (manifest[..cut], manifest[cut..]);
    }
}
