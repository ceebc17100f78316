using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using IngressCore.IntegrationTests.Support;
using IngressCore.Routing;

namespace IngressCore.IntegrationTests;

/// <summary>
/// The route feature is one object per connection under Kestrel (kept in the connection's
/// persistent state, so a request costs no allocation for it), and every request sees its own
/// values in it: nothing of the connection's last request survives.
/// </summary>
public sealed class RouteFeatureTests
{
    private sealed record Seen(string ConnectionId, IIngressRouteFeature Feature, string? Host, string? Service, string? Path, string? Client);

    [Fact]
    public async Task One_feature_serves_a_connections_requests_each_with_its_own_route()
    {
        var seen = new ConcurrentQueue<Seen>();
        void Record(IApplicationBuilder branch) => branch.Run(context =>
        {
            var feature = context.Features.Get<IIngressRouteFeature>()!;
            seen.Enqueue(new Seen(context.Connection.Id, feature, feature.Route?.Host, feature.Route?.Backend.ServiceName, feature.Route?.Path, feature.ClientAddress?.ToString()));
            return Task.CompletedTask;
        });

        await using var gateway = await Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("a", "a.example.com", "/a", "svc-a"));
                o.Ingresses.Add(Ingresses.Single("b", "b.example.com", "/b", "svc-b"));
            },
            app =>
            {
                app.MapIngressBackend("svc-a", Record);
                app.MapIngressBackend("svc-b", Record);
            });

        // One after the other on one client: its pooled connection carries them all.
        var client = gateway.Client();
        string[] order = ["a", "b", "a", "b", "b", "a"];
        foreach (var name in order)
        {
            using var response = await client.GetAsync(new Uri($"http://{name}.example.com/{name}/x"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A second client: another connection, another feature.
        using (var other = await gateway.Client().GetAsync(new Uri("http://a.example.com/a/y")))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        var all = seen.ToArray();
        Assert.Equal(order.Length + 1, all.Length);
        for (var i = 0; i < order.Length; i++)
        {
            Assert.Equal($"{order[i]}.example.com", all[i].Host);
            Assert.Equal($"svc-{order[i]}", all[i].Service);
            Assert.Equal($"/{order[i]}", all[i].Path);
            Assert.Equal("127.0.0.1", all[i].Client);
        }

        // Requests of one connection share the feature; another connection has its own.
        var byConnection = all.GroupBy(s => s.ConnectionId).ToArray();
        Assert.Contains(byConnection, g => g.Count() >= 2);
        Assert.All(byConnection, g => Assert.Single(g.Select(s => s.Feature).Distinct(ReferenceEqualityComparer.Instance)));
        Assert.Equal(byConnection.Length, all.Select(s => s.Feature).Distinct(ReferenceEqualityComparer.Instance).Count());
    }
}
