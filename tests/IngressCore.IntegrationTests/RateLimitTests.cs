using Microsoft.Extensions.Time.Testing;
using System.Collections.Frozen;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using IngressCore.Backends;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Decisions;
using IngressCore.IntegrationTests.Support;
using IngressCore.Matching;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.IntegrationTests;

/// <summary>
/// limit-rps, limit-rpm, limit-connections, limit-burst-multiplier, limit-allowlist
/// (docs/annotations.md). limit-connections mirrors kubernetes/ingress-nginx
/// test/e2e/annotations/limitconnections.go (20 concurrent slow requests, limit 8: 8×200, 12×503)
/// with a gated in-process backend instead of a sleeping one.
/// </summary>
public sealed class RateLimitTests
{
    private const string Host = "limits.foo.com";

    private static IngressDefinition TwoPaths(string name, IReadOnlyDictionary<string, string> annotations) =>
        Ingresses.Single(name, Host, "/a", "http-svc", annotations: annotations) with
        {
            Rules = [Ingresses.Rule(Host, ("/a", PathType.Prefix, "http-svc", 80), ("/b", PathType.Prefix, "http-svc", 80))],
        };

    private static Task<Gateway> StartAsync(IReadOnlyDictionary<string, string> annotations, Action<GatewaySetup>? configure = null) =>
        Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(TwoPaths("limits", annotations));

                // A clock that stands still unless a test moves it: counts are exact, however slow the machine.
                o.Time = new FakeTimeProvider();
                configure?.Invoke(o);
            },
            app => app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc")));

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string path = "/a", string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{Host}{path}"));
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Sends requests until one is refused; returns how many were served (at most <paramref name="max"/>).</summary>
    private static async Task<int> ServedUntilRefusedAsync(HttpClient client, int max, string path = "/a", string? forwardedFor = null)
    {
        for (var served = 0; served < max; served++)
        {
            var status = await GetAsync(client, path, forwardedFor);
            if (status != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                return served;
            }
        }

        return max;
    }

    [Fact] // limit-rps 1 × multiplier 20: a burst of 20 is served at once, then 503 (nodelay), then the rate refills
    public async Task Limit_rps_serves_the_burst_then_refuses_then_recovers()
    {
        var time = new FakeTimeProvider();
        await using var gateway = await StartAsync(Ingresses.Nginx(("limit-rps", "1"), ("limit-burst-multiplier", "20")), o => o.Time = time);
        var client = gateway.Client();

        // The clock stands still while the requests run: exactly the burst is served.
        Assert.Equal(20, await ServedUntilRefusedAsync(client, 30));

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));
        time.Advance(TimeSpan.FromMilliseconds(1)); // one token at 1 r/s
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));
        time.Advance(TimeSpan.FromSeconds(60)); // the bucket fills up to the burst, no further
        Assert.Equal(20, await ServedUntilRefusedAsync(client, 30));
    }

    [Fact] // limit-rpm 6 with the default multiplier 5: 30 at once, then 503
    public async Task Limit_rpm_serves_rate_times_the_default_multiplier()
    {
        await using var gateway = await StartAsync(Ingresses.Nginx(("limit-rpm", "6")));

        Assert.Equal(30, await ServedUntilRefusedAsync(gateway.Client(), 40));
    }

    [Fact] // ingress-nginx: one zone per Ingress, shared by all its paths; partitions per client address
    public async Task The_zone_is_shared_by_the_ingresses_paths_and_split_by_client()
    {
        await using var gateway = await StartAsync(
            Ingresses.Nginx(("limit-rpm", "1"), ("limit-burst-multiplier", "3")),
            o => o.Options.TrustedProxies.Add(IPAddress.Loopback));
        var client = gateway.Client();

        Assert.Equal(3, await ServedUntilRefusedAsync(client, 10, "/a", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client, "/b", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/b", "203.0.113.2"));
    }

    [Fact] // ingress-nginx: the host's root location carries its first Ingress's annotations, limits included
    public async Task The_first_Ingress_limits_unmatched_paths_even_when_it_serves_no_path_itself()
    {
        var first = Ingresses.Single("first", Host, "/a", "http-svc", annotations: Ingresses.Nginx(("limit-rpm", "1"), ("limit-burst-multiplier", "2"))) with
        {
            Rules = [new IngressRule { Host = Host }], // a host rule without http: it makes the server only
        };
        var second = Ingresses.Single("second", Host, "/a", "http-svc");
        await using var gateway = await Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(first);
                o.Ingresses.Add(second);
            },
            app => app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc")));
        var client = gateway.Client();

        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(client, "/other"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(client, "/other"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client, "/other"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/a")); // the second Ingress's path has no limit
    }

    [Fact] // limit-allowlist: listed clients are not limited
    public async Task Allowlisted_clients_are_exempt()
    {
        await using var gateway = await StartAsync(Ingresses.Nginx(("limit-rpm", "1"), ("limit-burst-multiplier", "1"), ("limit-allowlist", "127.0.0.0/8")));

        Assert.Equal(10, await ServedUntilRefusedAsync(gateway.Client(), 10));
    }

    [Fact] // the status is ingress-nginx's limit-req-status-code
    public async Task The_refusal_status_is_an_option()
    {
        await using var gateway = await StartAsync(
            Ingresses.Nginx(("limit-rpm", "1"), ("limit-burst-multiplier", "1")),
            o => o.Options.LimitRequestStatusCode = 429);
        var client = gateway.Client();

        Assert.Equal(HttpStatusCode.OK, await GetAsync(client));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client));
    }

    [Fact] // a reload keeps an Ingress's zone (and its counts) when its limits are unchanged, and starts afresh when they change
    public async Task A_reload_keeps_unchanged_zones()
    {
        var limited = TwoPaths("limits", Ingresses.Nginx(("limit-rpm", "1"), ("limit-burst-multiplier", "2")));
        await using var gateway = await Gateway.StartAsync(
            o => o.Ingresses.Add(limited),
            app => app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc")));
        var client = gateway.Client();
        Assert.Equal(2, await ServedUntilRefusedAsync(client, 5));

        await gateway.UpdateAsync(new IngressObjects { Ingresses = [limited with { Annotations = limited.Annotations.ToFrozenDictionary() }] });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));

        await gateway.UpdateAsync(new IngressObjects { Ingresses = [limited with { Annotations = Ingresses.Nginx(("limit-rpm", "1"), ("limit-burst-multiplier", "3")).ToFrozenDictionary() }] });
        Assert.Equal(3, await ServedUntilRefusedAsync(client, 5));
    }

    [Fact] // limitconnections.go "should limit-connections"
    public async Task Limit_connections_serves_8_of_20_concurrent_requests()
    {
        const int Requests = 20;
        const int Limit = 8;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        await using var gateway = await Gateway.StartAsync(
            o => o.Ingresses.Add(Ingresses.Single("limit-connections", Host, "/", "slow-svc", annotations: Ingresses.Nginx(("limit-connections", $"{Limit}")))),
            app => app.MapIngressBackend("slow-svc", b => b.Run(async context =>
            {
                Interlocked.Increment(ref entered);
                await gate.Task.WaitAsync(TimeSpan.FromSeconds(15));
                await context.Response.WriteAsync("slow\n");
            })));
        var client = gateway.Client();

        var requests = Enumerable.Range(0, Requests).Select(_ => GetAsync(client, "/sleep")).ToList();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            // Every refusal is answered at once; the served ones wait in the backend for the gate.
            while (requests.Count(r => r.IsCompleted) < Requests - Limit || Volatile.Read(ref entered) < Limit)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        gate.SetResult();
        var statuses = await Task.WhenAll(requests);

        Assert.Equal(Limit, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(Requests - Limit, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(Limit, entered);

        // The permits come back when the responses are done.
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/sleep"));
    }
}
