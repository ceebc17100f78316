using IngressCore.Proxy.Tests.Support;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>A canary Ingress sends a share of its primary's traffic to its own Service's backends: by weight, header or cookie, and sticky with affinity.</summary>
public sealed class CanaryTests
{
    [Fact]
    public async Task Canary_weight_sends_its_share_of_requests_to_the_canary_backend()
    {
        await using var stable = await TestBackend.StartAsync("stable");
        await using var canary = await TestBackend.StartAsync("canary");
        await using var gateway = await ProxyGateway.StartAsync(
            Objects(
                [
                    Ingress("web", "weight.example", paths: [("/", "stable")]),
                    Ingress("web-canary", "weight.example", Nginx(("canary", "true"), ("canary-weight", "30")), paths: [("/", "canary")]),
                ],
                [Service("stable"), Service("canary")], [.. Slices("stable", [stable]), .. Slices("canary", [canary])]),
            routing: o => o.CanarySeed = 12345);
        var client = gateway.Client();

        const int Requests = 400;
        for (var i = 0; i < Requests; i++)
        {
            (await client.GetAsync("http://weight.example/")).Dispose();
        }

        // Binomial(400, 0.3): mean 120, standard deviation 9.2; four deviations either side.
        Assert.Equal(Requests, stable.Requests + canary.Requests);
        Assert.InRange(canary.Requests, 83, 157);
    }

    [Fact]
    public async Task Canary_by_header_and_by_cookie_choose_the_backend()
    {
        await using var stable = await TestBackend.StartAsync("stable");
        await using var canary = await TestBackend.StartAsync("canary");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [
                Ingress("web", "rules.example", paths: [("/", "stable")]),
                Ingress("web-canary", "rules.example", Nginx(("canary", "true"), ("canary-by-header", "X-Canary"), ("canary-by-cookie", "canary")), paths: [("/", "canary")]),
            ],
            [Service("stable"), Service("canary")], [.. Slices("stable", [stable]), .. Slices("canary", [canary])]));
        var client = gateway.Client();

        Assert.Equal("canary", await Backend(client, ("X-Canary", "always")));
        Assert.Equal("stable", await Backend(client, ("X-Canary", "never")));
        Assert.Equal("canary", await Backend(client, ("Cookie", "canary=always")));
        Assert.Equal("stable", await Backend(client, ("X-Canary", "never"), ("Cookie", "canary=always")));
        Assert.Equal("stable", await Backend(client));
    }

    [Fact]
    public async Task With_affinity_a_client_pinned_to_the_canary_stays_on_it()
    {
        await using var stable = await TestBackend.StartAsync("stable");
        await using var canary = await TestBackend.StartAsync("canary");
        await using var gateway = await ProxyGateway.StartAsync(
            Objects(
                [
                    Ingress("web", "sticky.example", Nginx(("affinity", "cookie")), paths: [("/", "stable")]),
                    Ingress("web-canary", "sticky.example", Nginx(("canary", "true"), ("canary-weight", "50")), paths: [("/", "canary")]),
                ],
                [Service("stable"), Service("canary")], [.. Slices("stable", [stable]), .. Slices("canary", [canary])]),
            routing: o => o.CanarySeed = 7);
        var client = gateway.Client();

        // Find a first answer from each side, with the cookie it set.
        var cookies = new Dictionary<string, string>();
        for (var i = 0; i < 40 && cookies.Count < 2; i++)
        {
            using var response = await client.GetAsync("http://sticky.example/");
            var backend = TestBackend.Field(await response.Content.ReadAsStringAsync(), "backend")!;
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                cookies.TryAdd(backend, set.Single().Split(';')[0]);
            }
        }

        Assert.Equal(2, cookies.Count);
        foreach (var (side, cookie) in cookies)
        {
            for (var i = 0; i < 12; i++)
            {
                Assert.Equal(side, await Backend(client, "sticky.example", ("Cookie", cookie)));
            }
        }
    }

    private static Task<string?> Backend(HttpClient client, params (string Name, string Value)[] headers) =>
        Backend(client, "rules.example", headers);

    private static async Task<string?> Backend(HttpClient client, string host, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{host}/");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        return TestBackend.Field(await response.Content.ReadAsStringAsync(), "backend");
    }
}
