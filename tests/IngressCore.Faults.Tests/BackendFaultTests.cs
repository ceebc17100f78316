using System.Net;
using IngressCore.Faults.Tests.Support;
using IngressCore.Proxy.Tests.Support;

namespace IngressCore.Faults.Tests;

/// <summary>
/// Backends that reset, hang, never accept or answer slowly, behind the real <c>serve</c> process.
/// Each Service has its own faulty backend, so what the gateway learns of one (passive health)
/// never helps another. Every Ingress sets <c>proxy-connect-timeout</c> and
/// <c>proxy-read-timeout</c> to 1 s, so the timeouts are real time and short. ingress-nginx's
/// defaults otherwise: <c>proxy-next-upstream: error timeout</c>, 3 tries (docs/forwarding.md).
/// </summary>
public sealed class BackendFaultTests(BackendFaultTests.Fixture gateway) : IClassFixture<BackendFaultTests.Fixture>
{
    // The timeouts are 1 s; the upper bounds leave room for a busy machine but stay well below
    // what a missing timeout would give (the client's own 15 s, or a hung backend's never); the
    // access log's reason tells the connect timeout (1 s) from the read timeout (3 s there).
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(4);

    [Theory]
    [InlineData("reset-pair.example")]
    [InlineData("hang-pair.example")]
    [InlineData("slow-pair.example")]
    [InlineData("unreachable-pair.example")]
    public async Task With_one_healthy_endpoint_beside_a_faulty_one_no_GET_fails(string host)
    {
        var answers = new List<Answer>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await gateway.Gateway.GetAsync(host));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Equal("healthy", TestBackend.Field(a.Body, "backend")));
        // The faulty endpoint was tried (and failed over from): its failure is logged with its address.
        var faulty = gateway.FaultyPort(host);
        var setAside = await gateway.Gateway.WaitForStderrAsync($"endpoint 127.0.0.1:{faulty} of default/{Service(host)}:80 set aside");
        Assert.NotEmpty(gateway.Gateway.StderrLines($"\"GET {host}/\" 200 ", "attempts=2"));
        // A timed-out try took the timeout, not more; the others did not wait at all.
        Assert.All(answers, a => Assert.True(a.Elapsed < Timeout + Slack, $"{host}: an answer took {a.Elapsed}; {setAside}"));
    }

    [Theory]
    [InlineData("reset-only.example", HttpStatusCode.BadGateway, "reset")]
    [InlineData("hang-only.example", HttpStatusCode.GatewayTimeout, "timeout")]
    [InlineData("unreachable-only.example", HttpStatusCode.GatewayTimeout, "connect timeout")]
    public async Task With_no_healthy_endpoint_the_answer_is_nginxs_502_or_504_within_the_timeout(string host, HttpStatusCode status, string error)
    {
        for (var i = 0; i < 2; i++)
        {
            var answer = await gateway.Gateway.GetAsync(host);

            Assert.Equal(status, answer.Status);
            Assert.Contains($"<center><h1>{(int)status} ", answer.Body, StringComparison.Ordinal);
            if (status == HttpStatusCode.GatewayTimeout)
            {
                // The whole wait is the one timeout: honoured, and not cut short.
                Assert.InRange(answer.Elapsed, Timeout * 0.9, Timeout + Slack);
            }
            else
            {
                Assert.True(answer.Elapsed < Slack, $"{host}: the 502 took {answer.Elapsed}");
            }
        }

        // The access log says why, for each of them (it is written after the answer: wait for it).
        await gateway.Gateway.Serve.WaitUntilAsync(
            () => gateway.Gateway.StderrLines($"\"GET {host}/\" {(int)status} ", $"error=\"{error}\"").Count == 2,
            TimeSpan.FromSeconds(5),
            $"two access-log lines for {host} with error=\"{error}\"");
    }

    [Fact]
    public async Task A_backend_slower_than_nothing_but_never_idle_for_the_read_timeout_is_served_whole()
    {
        // Answers after 0.5 s: within proxy-read-timeout.
        var slow = await gateway.Gateway.GetAsync("slow-only.example");
        Assert.Equal(HttpStatusCode.OK, slow.Status);
        Assert.Equal("slow-half-second", TestBackend.Field(slow.Body, "backend"));
        Assert.True(slow.Elapsed >= TimeSpan.FromMilliseconds(450), $"answered in {slow.Elapsed}");

        // 4 KiB in four parts 0.6 s apart: 1.8 s in all, longer than proxy-read-timeout, which
        // counts the time the exchange is idle, not the whole answer (nginx's proxy_read_timeout).
        var trickle = await gateway.Gateway.GetAsync("trickle.example");
        Assert.Equal(HttpStatusCode.OK, trickle.Status);
        Assert.Equal(4 * 1024, trickle.Body.Length);
        Assert.True(trickle.Elapsed >= TimeSpan.FromSeconds(1.7), $"answered in {trickle.Elapsed}");
    }

    [Fact]
    public async Task Connections_the_gateway_gave_up_on_are_closed()
    {
        // Each 504 of hang-only left a request waiting at the backend until the gateway closed its
        // connection: a gateway that kept them would show here (and in its socket count, ReloadUnderLoadTests).
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, (await gateway.Gateway.GetAsync("hang-only.example")).Status);
        }

        await gateway.Gateway.Serve.WaitUntilAsync(() => gateway.HangOnly.Open == 0, TimeSpan.FromSeconds(10), "the hung backend's connections closed");
        Assert.True(gateway.HangOnly.Requests >= 3);
    }

    private static string Service(string host) => host[..host.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The backends and the gateway, started once for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly List<IAsyncDisposable> _disposables = [];
        private readonly Dictionary<string, int> _faulty = [];
        private UnreachableBackend? _unreachablePair;
        private UnreachableBackend? _unreachableOnly;

        internal FaultGateway Gateway { get; private set; } = null!;

        internal HangingBackend HangOnly { get; private set; } = null!;

        internal int FaultyPort(string host) => _faulty[host];

        public async Task InitializeAsync()
        {
            var healthy = await Add(FaultyBackends.HealthyAsync("healthy"));
            var resetPair = await Add(Task.FromResult(new ResettingBackend()));
            var resetOnly = await Add(Task.FromResult(new ResettingBackend()));
            var hangPair = await Add(HangingBackend.StartAsync("hang-pair"));
            HangOnly = await Add(HangingBackend.StartAsync("hang-only"));
            var slowPair = await Add(FaultyBackends.SlowAsync("slow-pair", TimeSpan.FromSeconds(3)));
            var slowOnly = await Add(FaultyBackends.SlowAsync("slow-half-second", TimeSpan.FromMilliseconds(500)));
            var trickle = await Add(FaultyBackends.TricklingAsync("trickle", chunks: 4, gap: TimeSpan.FromMilliseconds(600)));
            _unreachablePair = await UnreachableBackend.StartAsync();
            _unreachableOnly = await UnreachableBackend.StartAsync();
            _faulty["reset-pair.example"] = resetPair.Port;
            _faulty["hang-pair.example"] = hangPair.Port;
            _faulty["slow-pair.example"] = slowPair.Port;
            _faulty["unreachable-pair.example"] = _unreachablePair.Port;

            var timeouts = new Dictionary<string, string> { ["proxy-connect-timeout"] = "1", ["proxy-read-timeout"] = "1" };
            string Route(string host, params int[] ports) => Manifests.Route(Service(host), host, ports, timeouts);

            // YARP's one idle timer (proxy-read-timeout) runs from the start of a try, connecting
            // included: where it is not longer than proxy-connect-timeout it ends a slow connect
            // first, and the try is told as a read "timeout" (docs/reliability.md). A longer read
            // timeout lets the connect timeout be the one seen.
            var connectFirst = new Dictionary<string, string> { ["proxy-connect-timeout"] = "1", ["proxy-read-timeout"] = "3" };
            string Unreachable(string host, params int[] ports) => Manifests.Route(Service(host), host, ports, connectFirst);
            Gateway = await FaultGateway.StartAsync(
            [
                ("pairs.yaml", Manifests.Join(
                    Route("reset-pair.example", resetPair.Port, healthy.Port),
                    Route("hang-pair.example", hangPair.Port, healthy.Port),
                    Route("slow-pair.example", slowPair.Port, healthy.Port),
                    Unreachable("unreachable-pair.example", _unreachablePair.Port, healthy.Port))),
                ("alone.yaml", Manifests.Join(
                    Route("reset-only.example", resetOnly.Port),
                    Route("hang-only.example", HangOnly.Port),
                    Unreachable("unreachable-only.example", _unreachableOnly.Port),
                    Route("slow-only.example", slowOnly.Port),
                    Route("trickle.example", trickle.Port))),
            ]);
        }

        public async Task DisposeAsync()
        {
            if (Gateway is not null)
            {
                await Gateway.DisposeAsync();
            }

            _unreachablePair?.Dispose();
            _unreachableOnly?.Dispose();
            foreach (var disposable in _disposables)
            {
                await disposable.DisposeAsync();
            }
        }

        private async Task<T> Add<T>(Task<T> starting)
            where T : IAsyncDisposable
        {
            var started = await starting;
            _disposables.Add(started);
            return started;
        }
    }
}
