using System.Net;
using IngressCore.Backends;
using IngressCore.Proxy.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>
/// proxy-next-upstream: a failed try goes to another endpoint where that is safe (nothing sent
/// yet, or an idempotent method whose body was not read), and an endpoint that fails is set aside.
/// </summary>
public sealed class RetryTests
{
    [Fact]
    public async Task A_refused_connection_is_retried_on_another_endpoint_for_any_method_and_the_endpoint_is_set_aside()
    {
        await using var good = await TestBackend.StartAsync("good");
        var closed = RoutingTests.ClosedPort();
        var seen = new List<IngressUpstreamFeature>();
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "retry.example", paths: [("/", "app")])], [Service("app")],
                [Slice("app", "dead", "127.0.0.1", closed), .. Slices("app", [good])]),
            pipeline: Recording(seen));
        var client = gateway.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var get = await client.GetAsync("http://retry.example/");
            using var post = await client.PostAsync("http://retry.example/", new StringContent("payload"));
            statuses.Add(get.StatusCode);
            statuses.Add(post.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(12, good.Requests);
        // The dead endpoint was tried once, then set aside: every later request went straight to the good one.
        Assert.Equal(13, seen.Sum(f => f.Attempts));
        Assert.Contains("set aside", gateway.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_after_the_request_was_sent_is_retried_for_GET_but_answers_502_for_POST_and_a_PUT_whose_body_was_read()
    {
        await using var resetting = await TestBackend.StartAsync("reset", context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        await using var good = await TestBackend.StartAsync("good");
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "reset.example", Nginx(("proxy-request-buffering", "off")), paths: [("/", "app")])], [Service("app")], Slices("app", [resetting, good])),
            forwarding: o => o.FailTimeout = TimeSpan.Zero);
        var client = gateway.Client();

        var gets = new List<HttpStatusCode>();
        var posts = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var get = await client.GetAsync("http://reset.example/");
            gets.Add(get.StatusCode);
        }

        for (var i = 0; i < 6; i++)
        {
            // No body: only the method keeps it from the next endpoint.
            using var post = await client.PostAsync("http://reset.example/", null);
            posts.Add(post.StatusCode);
        }

        var puts = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            // Idempotent, but its body was read for the first try and cannot be sent again.
            using var put = await client.PutAsync("http://reset.example/", new StringContent("payload"));
            puts.Add(put.StatusCode);
        }

        Assert.All(gets, s => Assert.Equal(HttpStatusCode.OK, s));
        // Round-robin sends half of them to the resetting endpoint; those were sent and cannot be retried.
        Assert.Contains(HttpStatusCode.BadGateway, posts);
        Assert.Contains(HttpStatusCode.OK, posts);
        Assert.Contains(HttpStatusCode.BadGateway, puts);
        Assert.Contains(HttpStatusCode.OK, puts);
    }

    [Fact]
    public async Task A_small_buffered_body_is_sent_again_to_the_next_endpoint_for_an_idempotent_method()
    {
        await using var resetting = await TestBackend.StartAsync("reset", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Abort();
        });
        await using var good = await TestBackend.StartAsync("good", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync("backend=good\nbody=" + await reader.ReadToEndAsync() + "\n");
        });
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "buffered.example", paths: [("/", "app")])], [Service("app")], Slices("app", [resetting, good])),
            forwarding: o => o.FailTimeout = TimeSpan.Zero);
        var client = gateway.Client();

        for (var i = 0; i < 4; i++)
        {
            using var put = await client.PutAsync("http://buffered.example/", new StringContent("payload-" + i));
            var body = await put.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal("payload-" + i, TestBackend.Field(body, "body"));
        }
    }

    [Fact]
    public async Task Non_idempotent_lets_a_POST_without_a_body_go_to_the_next_endpoint()
    {
        await using var resetting = await TestBackend.StartAsync("reset", context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        await using var good = await TestBackend.StartAsync("good");
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "ni.example", Nginx(("proxy-next-upstream", "error timeout non_idempotent")), paths: [("/", "app")])],
                [Service("app")], Slices("app", [resetting, good])),
            forwarding: o => o.FailTimeout = TimeSpan.Zero);
        var client = gateway.Client();

        for (var i = 0; i < 4; i++)
        {
            using var post = await client.PostAsync("http://ni.example/", null);
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }
    }

    [Fact]
    public async Task A_listed_status_is_held_back_and_the_next_endpoint_answers()
    {
        await using var failing = await TestBackend.StartAsync("failing", context =>
        {
            context.Response.StatusCode = 502;
            return context.Response.WriteAsync("from failing");
        });
        await using var good = await TestBackend.StartAsync("good");
        var objects = (string next) => Objects(
            [Ingress("web", "status.example", Nginx(("proxy-next-upstream", next)), paths: [("/", "app")])], [Service("app")], Slices("app", [failing, good]));
        await using var retrying = await ProxyGateway.StartAsync(objects("error timeout http_502"));
        await using var passing = await ProxyGateway.StartAsync(objects("error timeout"));

        var retried = new List<HttpStatusCode>();
        var passed = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var a = await retrying.Client().GetAsync("http://status.example/");
            retried.Add(a.StatusCode);
            using var b = await passing.Client().GetAsync("http://status.example/");
            passed.Add(b.StatusCode);
        }

        Assert.All(retried, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Contains(HttpStatusCode.BadGateway, passed);
    }

    [Fact]
    public async Task Off_sends_a_refused_request_back_as_502()
    {
        await using var good = await TestBackend.StartAsync("good");
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "off.example", Nginx(("proxy-next-upstream", "off")), paths: [("/", "app")])], [Service("app")],
                [Slice("app", "dead", "127.0.0.1", RoutingTests.ClosedPort()), .. Slices("app", [good])]),
            forwarding: o => o.FailTimeout = TimeSpan.Zero);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await gateway.Client().GetAsync("http://off.example/");
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.BadGateway, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    [Fact]
    public async Task A_set_aside_endpoint_is_tried_again_once_the_fail_timeout_has_passed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var good = await TestBackend.StartAsync("good");
        var seen = new List<IngressUpstreamFeature>();
        var port = RoutingTests.ClosedPort();
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "heal.example", paths: [("/", "app")])], [Service("app")],
                [Slice("app", "dead", "127.0.0.1", port), .. Slices("app", [good])]),
            forwarding: o => o.FailTimeout = TimeSpan.FromSeconds(10),
            services: s => s.AddSingleton<TimeProvider>(time),
            pipeline: Recording(seen));
        var client = gateway.Client();

        async Task<int> AttemptsAsync(int requests)
        {
            seen.Clear();
            for (var i = 0; i < requests; i++)
            {
                using var response = await client.GetAsync("http://heal.example/");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            return seen.Sum(f => f.Attempts);
        }

        var first = await AttemptsAsync(4);      // the dead endpoint fails once and is set aside
        time.Advance(TimeSpan.FromSeconds(9));
        var aside = await AttemptsAsync(4);      // still aside: every request goes straight to the good one
        time.Advance(TimeSpan.FromSeconds(2));
        var again = await AttemptsAsync(4);      // back in rotation: tried (and set aside) once more

        Assert.Equal(5, first);
        Assert.Equal(4, aside);
        Assert.Equal(5, again);
    }

    internal static Action<WebApplication> Recording(List<IngressUpstreamFeature> seen) => app =>
    {
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Features.Get<IngressUpstreamFeature>() is { } feature)
            {
                lock (seen)
                {
                    seen.Add(feature);
                }
            }
        });
        app.UseIngressRouting();
    };
}
