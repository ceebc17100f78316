using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using IngressCore.Tls;

namespace IngressCore.Benchmarks.Tls;

/// <summary>
/// Full TLS 1.3 handshakes (TCP connect, handshake, close; no session resumption) against real
/// Kestrel listeners on loopback using <c>UseIngressTls</c>: one whose store holds 1 certificate and
/// one whose store holds 10,000. Each invocation does one handshake of each kind, interleaved, so
/// both see the same machine load (on shared cores the load drifts more between two benchmark
/// cases than the store could ever cost); the medians of each kind are printed at the end.
/// Reusing the chain contexts across reloads (<see cref="SniCertificateSource.Reload"/>) keeps
/// the runtime's per-certificate TLS contexts warm as well.
/// BenchmarkDotNet's figure is the time of the three handshakes together.
/// </summary>
[MemoryDiagnoser]
public class SniHandshakeBenchmarks
{
    private const int MaxSamples = 1 << 16;

    private readonly List<WebApplication> _apps = [];
    private readonly long[][] _samples = [new long[MaxSamples], new long[MaxSamples], new long[MaxSamples]];
    private int _count;
    private int _small;
    private int _large;
    private string _smallHost = "";
    private string[] _hosts = [];

    /// <summary>
    /// How many of the 10,000 hosts the "different host" handshakes rotate through: 16 are all
    /// warm after their first use; with 4,096 nearly every handshake is a certificate's first,
    /// which costs the runtime a one-time native TLS context for that certificate.
    /// </summary>
    [Params(16, 4096)]
    public int Rotation { get; set; } = 16;

    /// <summary>Builds both stores, starts both listeners and checks that handshakes get the host's certificate.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var small = SniCertificateSet.Create(1);
        var large = SniCertificateSet.Create(10_000);
        _small = Start(small.Store);
        _large = Start(large.Store);
        _smallHost = small.Hosts[0];
        var random = new Random(42);
        _hosts = [.. large.Hosts.OrderBy(_ => random.Next()).Take(Rotation)];
        foreach (var (port, host) in new[] { (_small, _smallHost), (_large, _hosts[0]), (_large, _hosts[1]) })
        {
            var subject = HandshakeAsync(port, host).GetAwaiter().GetResult();
            if (subject != "CN=" + host)
            {
                throw new InvalidOperationException($"handshake for {host} got {subject}");
            }
        }
    }

    /// <summary>Prints the medians of each kind and stops the listeners.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var n = Math.Min(_count, MaxSamples);
        if (n > 0)
        {
            var medians = _samples.Select(s => Median(s.AsSpan(0, n))).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// handshake medians over {n} rounds, rotation {Rotation}: 1 certificate {medians[0]:0.000} ms; 10,000 certificates, a different host each time {medians[1]:0.000} ms ({medians[1] / medians[0] - 1:+0.0%;-0.0%}); 10,000 certificates, the same host {medians[2]:0.000} ms ({medians[2] / medians[0] - 1:+0.0%;-0.0%})"));
        }

        foreach (var app in _apps)
        {
            app.StopAsync().GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Three handshakes: to the 1-certificate listener, to the 10,000-certificate listener with the
    /// next host, and to the 10,000-certificate listener with the first host; the order rotates.
    /// </summary>
    /// <returns>A task.</returns>
    [Benchmark]
    public async Task Handshakes()
    {
        var round = _count++;
        var slot = round & (MaxSamples - 1);
        for (var k = 0; k < 3; k++)
        {
            var kind = (round + k) % 3;
            var (port, host) = kind switch
            {
                0 => (_small, _smallHost),
                1 => (_large, _hosts[round % _hosts.Length]),
                _ => (_large, _hosts[0]),
            };
            var start = Stopwatch.GetTimestamp();
            await HandshakeAsync(port, host);
            _samples[kind][slot] = Stopwatch.GetTimestamp() - start;
        }
    }

    private int Start(SniCertificateStore store)
    {
        var source = new SniCertificateSource(store);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseIngressTls(source)));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("ok"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        app.StartAsync(timeout.Token).GetAwaiter().GetResult();
        _apps.Add(app);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new Uri(address).Port;
    }

    private static async Task<string?> HandshakeAsync(int port, string host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = host,
                AllowTlsResume = false,
                ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            },
            timeout.Token);
        return ssl.RemoteCertificate?.Subject;
    }

    private static double Median(Span<long> ticks)
    {
        var copy = ticks.ToArray();
        Array.Sort(copy);
        return copy[copy.Length / 2] * 1000.0 / Stopwatch.Frequency;
    }
}
