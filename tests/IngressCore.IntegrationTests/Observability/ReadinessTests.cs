using IngressCore.IntegrationTests.Support;
using IngressCore.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace IngressCore.IntegrationTests.Observability;

/// <summary>
/// <see cref="Runtime.IngressRuntime.IsReady"/>, what a readiness probe reports: true at once with
/// sources that hold their objects when created, and with a source that starts empty (a watch
/// before its first list) only from the snapshot built after it delivered its first objects.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Sources_that_hold_their_objects_from_the_start_are_ready_at_once()
    {
        await using var gateway = await Gateway.StartAsync(setup => setup.Ingresses.Add(Ingresses.Single("shop", "shop.example.com", "/", "api")));

        Assert.True(gateway.Runtime.IsReady);
    }

    [Fact]
    public async Task The_runtime_is_ready_once_it_serves_every_source_s_first_objects()
    {
        var watch = new SyncingSource();
        await using var gateway = await Gateway.StartAsync(setup => setup.Builder = b => b.AddSource(watch));
        Assert.False(gateway.Runtime.IsReady);

        // Another source changing rebuilds the snapshot, still without the watch's objects.
        await gateway.UpdateAsync(gateway.Setup.Source.Snapshot with { Ingresses = [Ingresses.Single("shop", "shop.example.com", "/", "api")] });
        Assert.False(gateway.Runtime.IsReady);

        var version = gateway.Runtime.Current.Version;
        watch.Deliver(new IngressObjects { Ingresses = [Ingresses.Single("listed", "listed.example.com", "/", "api")] });

        var snapshot = await gateway.Runtime.WaitForVersionAsync(version + 1);
        Assert.Contains(snapshot.Routes.Ingresses, i => i.Name == "listed");
        Assert.True(gateway.Runtime.IsReady);
    }

    /// <summary>A source that is empty and not ready until its first list is delivered, as a watch.</summary>
    private sealed class SyncingSource : IIngressObjectsProvider
    {
        private readonly InMemoryIngressObjectsProvider _published = InMemoryIngressObjectsProvider.CreatePending();

        public IngressObjects Snapshot => _published.Snapshot;

        public bool IsReady => _published.IsReady;

        public IChangeToken GetChangeToken() => _published.GetChangeToken();

        public void Deliver(IngressObjects objects) => _published.Update(objects);
    }
}
