using System.Net;
using IngressCore.Proxy.Tests.Support;
using IngressCore.Sources;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>
/// The cluster changes while requests flow: endpoints come and go (a rolling update: the new pod
/// is added, the old one removed from its slice before it stops) and Ingresses are edited. No
/// request may fail, and an endpoint change needs no route-table rebuild.
/// </summary>
public sealed class ChurnTests
{
    [Fact]
    public async Task Endpoints_appearing_and_disappearing_under_traffic_fail_no_request()
    {
        var ingress = Ingress("web", "churn.example", paths: [("/", "app")]);
        var backends = new List<TestBackend> { await TestBackend.StartAsync("v0") };
        try
        {
            await using var gateway = await ProxyGateway.StartAsync(Objects([ingress], [Service("app")], Slices("app", backends)));
            var routes = gateway.Runtime.Current.Routes;
            using var traffic = new Traffic(gateway.Client(), "http://churn.example/");

            for (var generation = 1; generation <= 3; generation++)
            {
                // Surge: the new endpoint joins, requests reach it, then the old one leaves its slice and stops.
                var next = await TestBackend.StartAsync("v" + generation);
                backends.Add(next);
                await gateway.UpdateAsync(Objects([ingress], [Service("app")], Slices("app", backends)));
                await traffic.WaitForAsync(body => body.Contains("backend=" + next.Name, StringComparison.Ordinal));
                var old = backends[0];
                backends.RemoveAt(0);
                await gateway.UpdateAsync(Objects([ingress], [Service("app")], Slices("app", backends)));
                await traffic.WaitForAsync(_ => true, count: 20);
                await old.DisposeAsync();
            }

            await traffic.WaitForAsync(_ => true, count: 20);
            var (ok, failed, failures) = await traffic.StopAsync();

            Assert.True(failed == 0, $"{failed} of {ok + failed} requests failed: {string.Join("; ", failures.Take(5))}");
            Assert.True(ok >= 80, $"only {ok} requests were made");
            Assert.Same(routes, gateway.Runtime.Current.Routes);
        }
        finally
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Reloading_Ingresses_under_traffic_fails_no_request()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        IngressObjects Version(int i) => Objects(
            [Ingress("web", "reload.example", Nginx(("proxy-read-timeout", (10 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))), paths: [("/", i % 2 == 0 ? "a" : "b")]),
             Ingress("other" + i, "other" + i + ".example", paths: [("/", "a")])],
            [Service("a"), Service("b")], [.. Slices("a", [a]), .. Slices("b", [b])]);
        await using var gateway = await ProxyGateway.StartAsync(Version(0));
        using var traffic = new Traffic(gateway.Client(), "http://reload.example/");

        for (var i = 1; i <= 8; i++)
        {
            await gateway.UpdateAsync(Version(i));
            var expected = "backend=" + (i % 2 == 0 ? "a" : "b");
            await traffic.WaitForAsync(body => body.Contains(expected, StringComparison.Ordinal), count: 10);
        }

        var (ok, failed, failures) = await traffic.StopAsync();

        Assert.True(failed == 0, $"{failed} of {ok + failed} requests failed: {string.Join("; ", failures.Take(5))}");
        Assert.True(ok > 50, $"only {ok} requests were made");
    }

    /// <summary>Four clients sending requests in a loop until stopped (bounded: at most a minute), counting what failed.</summary>
    private sealed class Traffic : IDisposable
    {
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(1));
        private readonly Task[] _loops;
        private readonly List<string> _failures = [];
        private readonly List<(Func<string, bool> Condition, int Remaining, TaskCompletionSource Done)> _conditions = [];
        private int _ok;

        public Traffic(HttpClient client, string url)
        {
            _loops = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(() => LoopAsync(client, url)))];
        }

        public async Task WaitForAsync(Func<string, bool> condition, int count = 1)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_conditions)
            {
                _conditions.Add((condition, count, done));
            }

            await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }

        public async Task<(int Ok, int Failed, IReadOnlyList<string> Failures)> StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
            lock (_failures)
            {
                return (_ok, _failures.Count, [.. _failures]);
            }
        }

        public void Dispose() => _stop.Dispose();

        private async Task LoopAsync(HttpClient client, string url)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync(url, _stop.Token);
                    var body = await response.Content.ReadAsStringAsync(_stop.Token);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Fail($"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 80)]}");
                        continue;
                    }

                    Interlocked.Increment(ref _ok);
                    Observe(body);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException e)
                {
                    Fail(e.Message);
                }
            }
        }

        private void Observe(string body)
        {
            lock (_conditions)
            {
                for (var i = _conditions.Count - 1; i >= 0; i--)
                {
                    var (condition, remaining, done) = _conditions[i];
                    if (!condition(body))
                    {
                        continue;
                    }

                    if (--remaining == 0)
                    {
                        done.TrySetResult();
                        _conditions.RemoveAt(i);
                    }
                    else
                    {
                        _conditions[i] = (condition, remaining, done);
                    }
                }
            }
        }

        private void Fail(string failure)
        {
            lock (_failures)
            {
                _failures.Add(failure);
            }
        }
    }
}
