using IngressCore.Forwarding.Upstreams;
using IngressCore.Model;
using IngressCore.Runtime;
using IngressCore.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests.Upstreams;

/// <summary>
/// The lasting per-endpoint state, driven by a fake clock: it survives snapshot swaps, an endpoint
/// that failed is set aside for the fail timeout and then taken back, EWMA decays with time.
/// </summary>
public sealed class UpstreamStateTests
{
    private static readonly TimeSpan FailTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void State_is_kept_across_snapshots_by_Service_port_and_endpoint_and_pruned_when_gone()
    {
        var time = new FakeTimeProvider();
        var registry = new UpstreamRegistry(time);
        var first = Snapshot(1, "10.0.0.1", "10.0.0.2");
        var second = Snapshot(2, "10.0.0.2", "10.0.0.3");

        var before = Get(registry, first);
        var after = Get(registry, second);
        registry.Prune(second.Services);

        Assert.NotSame(before, after);
        Assert.Same(before.Endpoints[1], after.Endpoints[0]);   // 10.0.0.2 kept its state
        Assert.Equal(["10.0.0.2:8080", "10.0.0.3:8080"], after.Port.Endpoints.Keys.Order());
        Assert.Same(after, Get(registry, second));              // one view per catalog
    }

    [Fact]
    public void An_endpoint_set_aside_is_skipped_until_the_fail_timeout_passes()
    {
        var time = new FakeTimeProvider();
        var registry = new UpstreamRegistry(time);
        var upstream = Get(registry, Snapshot(1, "10.0.0.1", "10.0.0.2"));
        var failTicks = (long)(FailTimeout.TotalSeconds * time.TimestampFrequency);
        upstream.Endpoints[0].SetAside(time.GetTimestamp() + failTicks);

        var whileAside = Picks(upstream, time, 10);
        time.Advance(FailTimeout - TimeSpan.FromMilliseconds(1));
        var almost = Picks(upstream, time, 10);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var back = Picks(upstream, time, 10);

        Assert.All(whileAside, i => Assert.Equal(1, i));
        Assert.All(almost, i => Assert.Equal(1, i));
        Assert.Equal([0, 1], back.Distinct().Order());
    }

    [Fact]
    public void When_every_endpoint_is_set_aside_one_is_still_tried_but_never_twice_in_a_request()
    {
        var time = new FakeTimeProvider();
        var upstream = Get(new UpstreamRegistry(time), Snapshot(1, "10.0.0.1", "10.0.0.2"));
        foreach (var endpoint in upstream.Endpoints)
        {
            endpoint.SetAside(time.GetTimestamp() + 1_000_000_000);
        }

        var tried = default(TriedEndpoints);
        var first = EndpointPicker.RoundRobin(upstream, time.GetTimestamp(), tried);
        tried.Add(first);
        var second = EndpointPicker.RoundRobin(upstream, time.GetTimestamp(), tried);
        tried.Add(second);
        var none = EndpointPicker.RoundRobin(upstream, time.GetTimestamp(), tried);

        Assert.NotEqual(first, second);
        Assert.Equal(-1, none);
    }

    [Fact]
    public void Peak_ewma_takes_a_slow_sample_at_once_and_decays_with_time()
    {
        var time = new FakeTimeProvider();
        var frequency = time.TimestampFrequency;
        var state = new EndpointState("10.0.0.1:80", 0, time.GetTimestamp());

        state.Begin();
        state.End(0.010, time.GetTimestamp(), 10, frequency);
        state.Begin();
        state.End(0.200, time.GetTimestamp(), 10, frequency);
        var peak = state.EwmaSeconds(time.GetTimestamp(), 10, frequency);
        time.Advance(TimeSpan.FromSeconds(10));
        var decayed = state.EwmaSeconds(time.GetTimestamp(), 10, frequency);
        state.Begin();
        var loaded = state.Cost(time.GetTimestamp(), 10, frequency);

        Assert.Equal(0.200, peak, 6);
        Assert.Equal(0.200 / Math.E, decayed, 6);
        Assert.Equal(2 * decayed, loaded, 6);
    }

    [Fact]
    public void Ewma_picks_the_cheaper_of_two_endpoints()
    {
        var time = new FakeTimeProvider();
        var upstream = Get(new UpstreamRegistry(time), Snapshot(1, "10.0.0.1", "10.0.0.2"));
        var frequency = time.TimestampFrequency;
        upstream.Endpoints[0].Begin();
        upstream.Endpoints[0].End(0.500, time.GetTimestamp(), 10, frequency);
        upstream.Endpoints[1].Begin();
        upstream.Endpoints[1].End(0.005, time.GetTimestamp(), 10, frequency);

        var picks = Enumerable.Range(0, 50).Select(_ => EndpointPicker.Ewma(upstream, time.GetTimestamp(), default, 10, frequency, new Random(1))).ToList();

        Assert.All(picks, i => Assert.Equal(1, i));
    }

    [Fact]
    public void A_new_endpoint_moves_only_its_share_of_hash_keys()
    {
        var time = new FakeTimeProvider();
        var registry = new UpstreamRegistry(time);
        var four = Get(registry, Snapshot(1, "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"));
        var five = Get(registry, Snapshot(2, "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"));

        var moved = 0;
        var counts = new int[5];
        const int Keys = 5000;
        for (var k = 0; k < Keys; k++)
        {
            var hash = Fnv.Hash("/item/" + k);
            var before = four.Endpoints[EndpointPicker.Hash(four, hash, 0, default)].Authority;
            var index = EndpointPicker.Hash(five, hash, 0, default);
            counts[index]++;
            moved += five.Endpoints[index].Authority == before ? 0 : 1;
        }

        // About 1/5 of the keys move, all to the new endpoint; each endpoint gets about 1/5.
        Assert.InRange(moved, Keys / 5 * 0.7, Keys / 5 * 1.3);
        Assert.All(counts, c => Assert.InRange(c, Keys / 5 * 0.7, Keys / 5 * 1.3));
    }

    private static Upstream Get(UpstreamRegistry registry, IngressSnapshot snapshot) =>
        registry.Get(snapshot, snapshot.Services.Resolve("default", IngressBackend.ForService("app", 80)), clusterIp: false);

    private static List<int> Picks(Upstream upstream, TimeProvider time, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => EndpointPicker.RoundRobin(upstream, time.GetTimestamp(), default))];

    /// <summary>
    /// The snapshot a real runtime numbers <paramref name="version"/> for these endpoints: one
    /// in-memory source updated version after version, as a watched cluster would be.
    /// </summary>
    private static IngressSnapshot Snapshot(long version, params string[] addresses)
    {
        var objects = Objects([], [Service("app")], addresses.Select((a, i) => Slice("app", "s" + i, a, 8080)));
        var source = new InMemoryIngressObjectsProvider(objects);
        var services = new ServiceCollection().AddLogging();
        services.AddIngressRouting().LoadFromMemory(source);
        using var provider = services.BuildServiceProvider();
        var runtime = provider.GetRequiredService<IngressRuntime>();
        for (var i = 0; i < 10 && runtime.Current.Version < version; i++)
        {
            // A new Service instance each time: the runtime swaps in no snapshot for the very same objects.
            source.Update(objects with { Services = [Service("app")] });
        }

        Assert.Equal(version, runtime.Current.Version);
        return runtime.Current;
    }
}
