using System.Net;
using IngressCore.Kubernetes.Cluster;
using IngressCore.Kubernetes.Tests.ApiServer;
using IngressCore.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Kubernetes.Tests.Cluster;

/// <summary>
/// A real Kestrel gateway on 127.0.0.1 fed by <c>AddIngressRouting().LoadFromKubernetes(…)</c>
/// against a stand-in API server. The Services <c>app</c> and <c>other</c> have in-process
/// backends that answer <c>backend=NAME</c>.
/// </summary>
internal sealed class ClusterGateway : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly WebApplication _app;
    private readonly string _kubeconfig;
    private readonly HttpClient _client;

    private ClusterGateway(WebApplication app, string kubeconfig, int httpPort, int httpsPort, LogLines log)
    {
        _app = app;
        _kubeconfig = kubeconfig;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
        Log = log;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = Timeout };
    }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public LogLines Log { get; }

    public IngressRuntime Runtime => _app.Services.GetRequiredService<IngressRuntime>();

    public IServiceProvider Services => _app.Services;

    /// <summary>The source the gateway was given.</summary>
    public KubernetesClusterProvider Provider() =>
        _app.Services.GetServices<Sources.IIngressObjectsProvider>().OfType<KubernetesClusterProvider>().Single();

    /// <summary>
    /// Starts the gateway; returns once the host has started, which is once the first lists are in.
    /// Debounce zero and short backoffs unless <paramref name="configure"/> says otherwise.
    /// </summary>
    public static async Task<ClusterGateway> StartAsync(
        StandInApiServer server, Action<KubernetesClusterOptions>? configure = null, TimeProvider? time = null, bool https = false)
    {
        var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"ingresscore-kubeconfig-{Guid.NewGuid():N}.yaml"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        var log = new LogLines();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddIngressRouting().LoadFromKubernetes(o =>
        {
            o.KubeconfigPath = kubeconfig;
            o.Debounce = TimeSpan.Zero;
            o.InitialBackoff = TimeSpan.FromMilliseconds(50);
            o.MaxBackoff = TimeSpan.FromMilliseconds(400);
            o.StartTimeout = TimeSpan.FromSeconds(15);
            configure?.Invoke(o);
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            if (https)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseIngressTls());
            }
        });

        var app = builder.Build();
        app.UseIngressRouting();
        foreach (var name in (string[])["app", "other"])
        {
            app.MapIngressBackend(name, b => b.Run(c => c.Response.WriteAsync("backend=" + name)));
        }

        try
        {
            using var cancel = new CancellationTokenSource(Timeout);
            await app.StartAsync(cancel.Token);
        }
        catch
        {
            await app.DisposeAsync();
            File.Delete(kubeconfig);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var httpPort = addresses.Where(a => a.StartsWith("http://", StringComparison.Ordinal)).Select(a => new Uri(a).Port).Single();
        var httpsPort = addresses.Where(a => a.StartsWith("https://", StringComparison.Ordinal)).Select(a => new Uri(a).Port).SingleOrDefault();
        return new ClusterGateway(app, kubeconfig, httpPort, httpsPort, log);
    }

    /// <summary>Sends <c>GET http://HOST/</c> to the gateway; returns the backend's answer, or the status code when it is not 200.</summary>
    public async Task<string> GetAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{HttpPort}{path}");
        request.Headers.Host = host;
        using var response = await _client.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for a snapshot that satisfies <paramref name="condition"/>.</summary>
    public async Task<IngressSnapshot> WaitForAsync(Func<IngressSnapshot, bool> condition)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            return await Runtime.WaitForAsync(condition, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no such snapshot within {Timeout}; the last one has diagnostics:\n{string.Join('\n', Runtime.Current.Diagnostics)}\nlog:\n{Log}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cancel.Token);
        await _app.DisposeAsync();
        File.Delete(_kubeconfig);
    }
}
