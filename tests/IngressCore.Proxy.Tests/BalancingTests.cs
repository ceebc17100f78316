using System.Net;
using IngressCore.Proxy.Tests.Support;
using Microsoft.AspNetCore.Http;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>load-balance, upstream-hash-by and affinity: which endpoint of a Service takes each request.</summary>
public sealed class BalancingTests
{
    [Fact]
    public async Task Round_robin_spreads_requests_evenly()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c");
        await using var gateway = await ProxyGateway.StartAsync(Objects([Ingress("web", "rr.example", paths: [("/", "app")])], [Service("app")], Slices("app", [a, b, c])));
        var client = gateway.Client();

        for (var i = 0; i < 30; i++)
        {
            (await client.GetAsync("http://rr.example/")).Dispose();
        }

        Assert.Equal([10, 10, 10], [a.Requests, b.Requests, c.Requests]);
    }

    [Fact]
    public async Task Ewma_prefers_the_faster_endpoint()
    {
        await using var slow = await TestBackend.StartAsync("slow", async context =>
        {
            await Task.Delay(150, context.RequestAborted);
            await context.Response.WriteAsync("slow");
        });
        await using var fast = await TestBackend.StartAsync("fast");
        await using var warm = await TestBackend.StartAsync("warm");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "ewma.example", Nginx(("load-balance", "ewma")), paths: [("/", "app")]), Ingress("warm", "warm.example", paths: [("/", "warm")])],
            [Service("app"), Service("warm")], [.. Slices("app", [slow, fast]), .. Slices("warm", [warm])]));
        var client = gateway.Client();

        // Peak EWMA keeps the slowest sample: a first request slowed by the JIT would make the
        // fast endpoint look slow for seconds. Warm the gateway's and the backends' code first.
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("http://warm.example/")).Dispose();
        }

        for (var i = 0; i < 40; i++)
        {
            (await client.GetAsync("http://ewma.example/")).Dispose();
        }

        // Two endpoints: each pick compares both, so once the slow one has a 150 ms sample it is
        // chosen only when its decayed cost is lower, which takes many seconds.
        Assert.True(fast.Requests >= 32, $"fast {fast.Requests}, slow {slow.Requests}");
    }

    [Fact]
    public async Task Upstream_hash_by_keeps_a_key_on_one_endpoint_and_spreads_keys()
    {
        var backends = new List<TestBackend>();
        for (var i = 0; i < 3; i++)
        {
            backends.Add(await TestBackend.StartAsync("h" + i));
        }

        try
        {
            await using var gateway = await ProxyGateway.StartAsync(Objects(
                [Ingress("web", "hash.example", Nginx(("upstream-hash-by", "$request_uri")), paths: [("/", "app")])], [Service("app")], Slices("app", backends)));
            var client = gateway.Client();

            var owners = new Dictionary<string, HashSet<string>>();
            for (var key = 0; key < 30; key++)
            {
                for (var repeat = 0; repeat < 3; repeat++)
                {
                    var body = await client.GetStringAsync($"http://hash.example/item/{key}");
                    var set = owners.TryGetValue(key.ToString(System.Globalization.CultureInfo.InvariantCulture), out var s) ? s : owners[key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = [];
                    set.Add(TestBackend.Field(body, "backend")!);
                }
            }

            Assert.All(owners.Values, o => Assert.Single(o));
            Assert.Equal(3, owners.Values.Select(o => o.Single()).Distinct().Count());
        }
        finally
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("balanced")]
    [InlineData("persistent")]
    public async Task An_affinity_cookie_keeps_a_client_on_its_endpoint(string mode)
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "sticky.example", Nginx(("affinity", "cookie"), ("affinity-mode", mode), ("session-cookie-name", "route"),
                ("session-cookie-max-age", "172800"), ("session-cookie-samesite", "Lax")), paths: [("/app", "app")])],
            [Service("app")], Slices("app", [a, b, c])));
        var client = gateway.Client();

        using var first = await client.GetAsync("http://sticky.example/app/");
        var setCookie = first.Headers.GetValues("Set-Cookie").Single();
        var pinned = TestBackend.Field(await first.Content.ReadAsStringAsync(), "backend");
        var cookie = setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
        var seen = new HashSet<string>();
        for (var i = 0; i < 15; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://sticky.example/app/page");
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            seen.Add(TestBackend.Field(await response.Content.ReadAsStringAsync(), "backend")!);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        Assert.Equal([pinned!], seen);
        Assert.StartsWith("route=", setCookie, StringComparison.Ordinal);
        Assert.Matches(@"^route=[0-9a-f]+\|[0-9a-f]{32}; ", setCookie);
        Assert.Contains("; Path=/app", setCookie, StringComparison.Ordinal);
        Assert.Contains("; Max-Age=172800", setCookie, StringComparison.Ordinal);
        Assert.Contains("; HttpOnly", setCookie, StringComparison.Ordinal);
        Assert.Contains("; SameSite=Lax", setCookie, StringComparison.Ordinal);
        Assert.DoesNotContain("Secure", setCookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_affinity_cookie_whose_endpoint_is_gone_gets_a_new_endpoint_and_cookie()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        var ingress = Ingress("web", "moved.example", Nginx(("affinity", "cookie"), ("affinity-mode", "persistent")), paths: [("/", "app")]);
        await using var gateway = await ProxyGateway.StartAsync(Objects([ingress], [Service("app")], Slices("app", [a, b])));
        var client = gateway.Client();

        using var first = await client.GetAsync("http://moved.example/");
        var cookie = first.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var pinned = TestBackend.Field(await first.Content.ReadAsStringAsync(), "backend");
        var remaining = pinned == "a" ? b : a;
        await gateway.UpdateAsync(Objects([ingress], [Service("app")], Slices("app", [remaining])));

        using var request = new HttpRequestMessage(HttpMethod.Get, "http://moved.example/");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);

        Assert.Equal(remaining.Name, TestBackend.Field(await response.Content.ReadAsStringAsync(), "backend"));
        Assert.True(response.Headers.Contains("Set-Cookie"));
    }
}
