using System.Diagnostics;
using System.Globalization;
using IngressCore.Kubernetes.Tests.ApiServer;
using IngressCore.Model;
using IngressCore.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

// Usage: ClusterEndpoints [INGRESSES] [CHANGES] [DEBOUNCE_MS]
var ingresses = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var changes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var debounce = TimeSpan.FromMilliseconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20);

await using var server = await StandInApiServer.StartAsync();
for (var i = 0; i < ingresses; i++)
{
    server.Apply(ClusterObjects.Ingress($"ing-{i}", $"h{i}.example.com", $"svc-{i}"));
    server.Apply(ClusterObjects.Service($"svc-{i}"));
    server.Apply(ClusterObjects.EndpointSlice($"svc-{i}-1", $"svc-{i}", [Address(i)]));
}

var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"cluster-endpoints-{Environment.ProcessId}.yaml"));
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
if (Environment.GetEnvironmentVariable("LOG") == "1")
{
    // The runtime's line per snapshot says what it rebuilt and how long that took.
    builder.Logging.AddSimpleConsole().AddFilter("Microsoft", LogLevel.Warning);
}
builder.Services.AddIngressRouting().LoadFromKubernetes(o =>
{
    o.KubeconfigPath = kubeconfig;
    o.Debounce = debounce;
    o.MaxDebounce = debounce * 10 > TimeSpan.Zero ? debounce * 10 : TimeSpan.Zero;
    o.WatchConfigMaps = false;
});
using var host = builder.Build();
var runtime = host.Services.GetRequiredService<IngressRuntime>();
var started = Stopwatch.GetTimestamp();
await host.StartAsync();
var startup = Stopwatch.GetElapsedTime(started);
var routes = runtime.Current.Routes;
Console.WriteLine($"cluster-endpoints: {runtime.Current.Routes.Ingresses.Count} Ingresses, {runtime.Current.Services.Services.Count} Services served; first lists and snapshot in {startup.TotalMilliseconds:0} ms");

// The target Service in the middle of the set; each change gives its slice a new address.
var target = ingresses / 2;
var backend = IngressBackend.ForService($"svc-{target}", 80);
var sliceName = $"svc-{target}-1";
long sent = 0;
string? expected = null;
long seen = 0;
var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var gate = new Lock();
server.EventWritten = (kind, type, name, timestamp) =>
{
    if (kind == "EndpointSlice" && name == sliceName)
    {
        Interlocked.Exchange(ref sent, timestamp);
    }
};

// The snapshot is checked on the thread that swaps it in, the moment it does.
using var subscription = ChangeToken.OnChange(runtime.GetChangeToken, () =>
{
    var snapshot = runtime.Current;
    lock (gate)
    {
        if (expected is not null && snapshot.Services.Resolve("default", backend).Endpoints.Any(e => e.Address == expected))
        {
            seen = Stopwatch.GetTimestamp();
            expected = null;
            arrived.TrySetResult();
        }
    }
});

var latencies = new List<double>(changes);
var rebuilt = 0;
for (var n = 0; n < changes; n++)
{
    var address = Address(ingresses + n);
    TaskCompletionSource wait;
    lock (gate)
    {
        expected = address;
        arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        wait = arrived;
    }

    Interlocked.Exchange(ref sent, 0);
    server.Apply(ClusterObjects.EndpointSlice(sliceName, $"svc-{target}", [address]));
    await wait.Task.WaitAsync(TimeSpan.FromSeconds(30));
    var at = Interlocked.Read(ref sent);
    latencies.Add(at == 0 ? double.NaN : Stopwatch.GetElapsedTime(at, seen).TotalMilliseconds);
    rebuilt += ReferenceEquals(runtime.Current.Routes, routes) ? 0 : 1;

    // Apart, so that each change is its own burst.
    await Task.Delay(debounce + TimeSpan.FromMilliseconds(30));
}

await host.StopAsync();
File.Delete(kubeconfig);

var sorted = latencies.Where(l => !double.IsNaN(l)).Order().ToArray();
double Percentile(double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
Console.WriteLine($"cluster-endpoints: {sorted.Length} EndpointSlice changes, debounce {debounce.TotalMilliseconds:0} ms: watch event sent -> snapshot with it: " +
    $"p50 {Percentile(0.50):0.0} ms, p90 {Percentile(0.90):0.0} ms, p99 {Percentile(0.99):0.0} ms, max {sorted[^1]:0.0} ms");
Console.WriteLine($"cluster-endpoints: route table rebuilt by {rebuilt} of {changes} changes (target 0); p90 target <= 100 ms: {(Percentile(0.90) <= 100 && rebuilt == 0 ? "met" : "NOT met")}");
return rebuilt == 0 ? 0 : 1;

static string Address(int i) => $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}";
