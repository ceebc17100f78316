using System.Net;
using IngressCore.Faults.Tests.Support;
using IngressCore.Proxy.Tests.Support;

namespace IngressCore.Faults.Tests;

/// <summary>
/// A Service's endpoints all gone (its EndpointSlices edited to no ready endpoint, then removed)
/// and back, in the folder the real <c>serve</c> follows: 503 as soon as the edit is read, 200
/// again as soon as they are back, no restart, and a route in another file never fails.
/// </summary>
public sealed class EndpointTests
{
    [Fact]
    public async Task All_endpoints_gone_answers_503_promptly_and_endpoints_back_answer_200_again_without_a_restart()
    {
        await using var stable = await FaultyBackends.HealthyAsync("stable");
        await using var a = await FaultyBackends.HealthyAsync("a");
        await using var b = await FaultyBackends.HealthyAsync("b");
        var app = Manifests.Route("app", "app.example", [a.Port, b.Port]);
        await using var gateway = await FaultGateway.StartAsync(
            [("stable.yaml", Manifests.Route("stable", "stable.example", [stable.Port])), ("app.yaml", app)], "--access-log", "off");
        await using var traffic = new Traffic(gateway.Serve.HttpPort, "stable.example");
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("app.example")).Status);

        // No ready endpoint (a rollout whose new pods are not ready yet): nginx's 503, at once.
        var notReady = Manifests.Join(Manifests.Ingress("app", "app.example", "app"), Manifests.Service("app"), Manifests.Slices("app", [a.Port, b.Port], ready: false));
        await File.WriteAllTextAsync(gateway.PathOf("app.yaml"), notReady);
        var toNotReady = await gateway.WaitForStatusAsync("app.example", HttpStatusCode.ServiceUnavailable);
        await AssertAnswers503PromptlyAsync(gateway);
        await traffic.WaitForMoreAsync(10);

        // Ready again: both endpoints answer.
        await File.WriteAllTextAsync(gateway.PathOf("app.yaml"), app);
        var toReady = await gateway.WaitForStatusAsync("app.example", HttpStatusCode.OK);
        await AssertBothAnswerAsync(gateway);
        await traffic.WaitForMoreAsync(10);

        // The EndpointSlices removed altogether (the Service scaled to zero), then back.
        await File.WriteAllTextAsync(gateway.PathOf("app.yaml"), Manifests.Join(Manifests.Ingress("app", "app.example", "app"), Manifests.Service("app")));
        var toNone = await gateway.WaitForStatusAsync("app.example", HttpStatusCode.ServiceUnavailable);
        await AssertAnswers503PromptlyAsync(gateway);
        await traffic.WaitForMoreAsync(10);
        await File.WriteAllTextAsync(gateway.PathOf("app.yaml"), app);
        var toBack = await gateway.WaitForStatusAsync("app.example", HttpStatusCode.OK);
        await AssertBothAnswerAsync(gateway);
        await traffic.WaitForMoreAsync(10);

        // Each change was served within a few seconds of the write (the reload is event-driven), by the same process.
        Assert.All([toNotReady, toReady, toNone, toBack], t => Assert.True(t < TimeSpan.FromSeconds(5), $"a change took {t} to be served"));
        Assert.False(gateway.Serve.HasExited);
        // The stable route was asked at least ten times after each of the four changes (above).
        var (ok, failures) = await traffic.StopAsync();
        Assert.True(failures.Count == 0, $"{failures.Count} of {ok + failures.Count} requests to the stable route failed: {string.Join("; ", failures.Take(5))}");
    }

    private static async Task AssertAnswers503PromptlyAsync(FaultGateway gateway)
    {
        for (var i = 0; i < 5; i++)
        {
            var answer = await gateway.GetAsync("app.example");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.Contains("<center><h1>503 Service Temporarily Unavailable</h1></center>", answer.Body, StringComparison.Ordinal);
            // Nothing is tried, so nothing is waited for (no connect, no timeout).
            Assert.True(answer.Elapsed < TimeSpan.FromSeconds(1), $"a 503 took {answer.Elapsed}");
        }
    }

    private static async Task AssertBothAnswerAsync(FaultGateway gateway)
    {
        var seen = new HashSet<string?>();
        for (var i = 0; i < 6; i++)
        {
            var answer = await gateway.GetAsync("app.example");
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            seen.Add(TestBackend.Field(answer.Body, "backend"));
        }

        Assert.Equal(["a", "b"], seen.Order());
    }
}
