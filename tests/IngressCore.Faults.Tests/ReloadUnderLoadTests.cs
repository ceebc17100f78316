using System.Globalization;
using System.Net;
using IngressCore.Faults.Tests.Support;
using Xunit.Abstractions;

namespace IngressCore.Faults.Tests;

/// <summary>
/// 100 reloads while wrk sends requests to a route that exists in every version: each version
/// rebuilds that route's Ingress and 150 others (a different annotation), changes its Service's
/// endpoints (one backend, then two) and adds or drops another Ingress. The file is rewritten in
/// place, as an editor or a script does (truncated, then written); one write in ten is slower than
/// the debounce, so the gateway reads the file empty first. Not one request may fail (wrk counts
/// answers that are not 2xx/3xx and socket errors); the serve process's memory and sockets must
/// come back flat.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class ReloadUnderLoadTests(ITestOutputHelper output)
{
    private const int Reloads = 100;

    // Reloads under load before memory is first measured: the GC heap, the JIT's code and the
    // connection pools have then reached their working size.
    private const int WarmUp = 10;

    // Enough other Ingresses that every version's objects and route table weigh close to 1 MiB in
    // the serve process (measured: keeping every snapshot alive, a deliberate leak in
    // IngressRuntime.Swap, grew its RSS by 77.5 MiB over the 90 reloads measured), so a reload that
    // leaks its snapshot shows well above the bound below.
    private const int Others = 150;

    // Resident memory (VmRSS of the serve process) may grow this much from the 10th reload to the
    // 100th. Without a leak it grew 13 to 23 MiB over the 90 reloads (the GC sizing its heap
    // under load, not collected garbage); the bound catches a leak of about 0.45 MiB a reload.
    private const long RssGrowthBoundKiB = 40 * 1024;

    [Fact]
    public async Task A_hundred_reloads_during_a_wrk_run_fail_no_request_and_leave_memory_and_sockets_flat()
    {
        await using var a = await FaultyBackends.HealthyAsync("a");
        await using var b = await FaultyBackends.HealthyAsync("b");
        string Version(int i)
        {
            var annotations = new Dictionary<string, string> { ["proxy-read-timeout"] = (30 + (i % 30)).ToString(CultureInfo.InvariantCulture) };
            var stable = Manifests.Join(
            [
                Manifests.Ingress("stable", "stable.example", "stable", annotations),
                Manifests.Service("stable"),
                Manifests.Slices("stable", i % 2 == 0 ? [a.Port] : [a.Port, b.Port]),
                .. Enumerable.Range(0, Others).Select(k => Manifests.Ingress($"other-{k}", $"other-{k}.example", "stable", annotations)),
            ]);
            return i % 3 == 0 ? Manifests.Join(stable, Manifests.Ingress("extra", "extra.example", "stable")) : stable;
        }

        await using var gateway = await FaultGateway.StartAsync([("churn.yaml", Version(0))], "--access-log", "off");
        var pid = gateway.Serve.Id;
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("stable.example")).Status);
        var socketsIdle = ProcessProbe.Sockets(pid);
        var rssStart = ProcessProbe.RssKiB(pid);

        var first = gateway.LastSnapshot;
        var snapshot = first;
        long rssWarm = 0;
        await using var wrk = Wrk.Start(gateway.Serve.HttpPort, "stable.example", connections: 4, duration: TimeSpan.FromSeconds(80));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var emptied = 0;
        for (var i = 1; i <= Reloads; i++)
        {
            if (i % 10 == 5)
            {
                // A writer slower than the debounce: the gateway reads the file truncated, empty,
                // before its new text (a reload of its own, refused with an error naming the file).
                await File.WriteAllTextAsync(gateway.PathOf("churn.yaml"), "");
                snapshot = await gateway.WaitForSnapshotAsync(snapshot);
                emptied++;
            }

            await File.WriteAllTextAsync(gateway.PathOf("churn.yaml"), Version(i));
            snapshot = await gateway.WaitForSnapshotAsync(snapshot);
            if (i == WarmUp)
            {
                rssWarm = ProcessProbe.RssKiB(pid);
            }
        }

        var rssEnd = ProcessProbe.RssKiB(pid);
        var socketsLoaded = ProcessProbe.Sockets(pid);
        var result = await wrk.StopAsync();
        var elapsed = clock.Elapsed;

        // wrk's connections and the ones to the backends are closed (the pool's idle connections
        // to the backends may stay open a while: at most one per wrk connection and backend).
        var socketsAfter = socketsIdle;
        await gateway.Serve.WaitUntilAsync(
            () => (socketsAfter = ProcessProbe.Sockets(pid)) <= socketsIdle + 8, TimeSpan.FromSeconds(10), "the serve process's sockets back to idle");

        output.WriteLine(
            $"{snapshot - first} reloads in {elapsed.TotalSeconds:0.0} s; wrk: {result.Requests} requests, {result.Non2xx} not 2xx/3xx, {result.SocketErrors} socket errors\n" +
            $"serve RSS: {rssStart / 1024.0:0.0} MiB at start, {rssWarm / 1024.0:0.0} MiB after {WarmUp} reloads under load, {rssEnd / 1024.0:0.0} MiB after {Reloads} " +
            $"(growth {(rssEnd - rssWarm) / 1024.0:+0.0;-0.0} MiB, bound {RssGrowthBoundKiB / 1024} MiB)\n" +
            $"serve sockets: {socketsIdle} idle, {socketsLoaded} under load, {socketsAfter} after\n{result.Summary}");
        Assert.True(snapshot - first >= Reloads + emptied, $"only {snapshot - first} reloads");
        Assert.True(gateway.StderrLines("error: ", "churn.yaml", "the file is empty").Count >= emptied, "an empty read not reported");
        Assert.True(result.Failed == 0, $"wrk counted {result.Non2xx} answers not 2xx/3xx and {result.SocketErrors} socket errors:\n{result.Summary}\n{gateway.Serve.Stderr}");
        Assert.True(result.Requests >= 1000, $"wrk made only {result.Requests} requests:\n{result.Summary}");
        Assert.True(rssEnd - rssWarm <= RssGrowthBoundKiB, $"the serve process's RSS grew from {rssWarm} KiB to {rssEnd} KiB over {Reloads - WarmUp} reloads");

        // The last version is the one served: version 100 has no extra Ingress, 99 had one.
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("extra.example")).Status);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync($"other-{Others - 1}.example")).Status);
    }
}
