using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using IngressCore.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Benchmarks.Tls;

/// <summary>
/// Full TLS 1.3 handshakes (TCP connect, handshake, close; no session resumption) against a real
/// Kestrel listener on loopback using <c>UseIngressTls</c>, with 1 and with 10,000 certificates in
/// the store, cycling through the hosts. Client and server share the machine, so the figure is a
/// comparison between the two store sizes (the store must not be the bottleneck), not a capacity.
/// </summary>
[MemoryDiagnoser]
public class SniHandshakeBenchmarks
{
    private WebApplication? _app;
    private int _port;
    private string[] _hosts = [];
    private int _next;

    /// <summary>The number of certificates (one per exact host) in the store.</summary>
    [Params(1, 10_000)]
    public int Certificates { get; set; } = 1;

    /// <summary>Builds the store, starts Kestrel and checks that a handshake gets the host's certificate.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var set = SniCertificateSet.Create(Certificates);
        var source = new SniCertificateSource(set.Store);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseIngressTls(source)));
        _app = builder.Build();
        _app.Run(context => context.Response.WriteAsync("ok"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _app.StartAsync(timeout.Token).GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _port = new Uri(address).Port;
        var random = new Random(42);
        _hosts = [.. Enumerable.Range(0, 256).Select(_ => set.Hosts[random.Next(set.Hosts.Count)])];

        var subject = HandshakeAsync(_hosts[0]).GetAwaiter().GetResult();
        if (subject != "CN=" + _hosts[0])
        {
            throw new InvalidOperationException($"handshake for {_hosts[0]} got {subject}");
        }
    }

    /// <summary>Stops Kestrel.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_app is not null)
        {
            _app.StopAsync().GetAwaiter().GetResult();
            _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>One full handshake with the next host's name.</summary>
    /// <returns>The subject of the certificate received.</returns>
    [Benchmark]
    public Task<string?> Handshake()
    {
        var host = _hosts[_next++ & (_hosts.Length - 1)];
        return HandshakeAsync(host);
    }

    private async Task<string?> HandshakeAsync(string host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, _port, timeout.Token);
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
}
