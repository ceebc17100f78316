using System.Net;
using IngressCore.AspNetCore;
using IngressCore.Building;
using IngressCore.IntegrationTests.Support;
using IngressCore.Matching;
using Microsoft.AspNetCore.Builder;

namespace IngressCore.IntegrationTests;

/// <summary>
/// <see cref="IngressRoutingOptions.Load"/> runs again when a watched file changes, and the new
/// table is served without a restart; what cannot be read keeps its last good version.
/// </summary>
public sealed class ReloadTests : IDisposable
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(15);

    private readonly string _folder = Directory.CreateTempSubdirectory("ingresscore-reload-").FullName;

    private string ServiceFile => Path.Combine(_folder, "service.txt");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A loader for a one-line "manifest": the Service that serves app.example.com, or "broken".</summary>
    private IngressObjects Load()
    {
        var service = File.ReadAllText(ServiceFile).Trim();
        if (service == "broken")
        {
            return new IngressObjects
            {
                Diagnostics = [new IngressDiagnostic
                {
                    Severity = DiagnosticSeverity.Error,
                    Kind = "Ingress",
                    Namespace = "default",
                    Name = "app",
                    Message = "could not be read",
                    File = ServiceFile,
                }],
            };
        }

        return new IngressObjects { Ingresses = [Ingresses.Single("app", "app.example.com", "/", service) with { Source = new(ServiceFile, 1) }] };
    }

    private async Task<Gateway> StartAsync() =>
        await Gateway.StartAsync(
            o =>
            {
                o.Load = Load;
                o.WatchPaths.Add(_folder);
                o.ReloadDebounce = TimeSpan.FromMilliseconds(50);
            },
            app =>
            {
                app.MapIngressBackend("one", b => Backends.Echo(b, "one"));
                app.MapIngressBackend("two", b => Backends.Echo(b, "two"));
            });

    private static async Task<string?> BackendAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("http://app.example.com/"));
        return response.StatusCode == HttpStatusCode.OK ? Backends.Field(await response.Content.ReadAsStringAsync(), "backend") : null;
    }

    private static async Task WaitForAsync(Gateway gateway, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + ReloadTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {what} within {ReloadTimeout}; the gateway logged:\n{gateway.Log.Text}");
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_changed_file_is_served_after_the_reload_and_a_broken_one_keeps_the_last_good_version()
    {
        await File.WriteAllTextAsync(ServiceFile, "one");
        await using var gateway = await StartAsync();
        var client = gateway.Client();
        Assert.Equal("one", await BackendAsync(client));

        await File.WriteAllTextAsync(ServiceFile, "two");
        await WaitForAsync(gateway, async () => await BackendAsync(client) == "two", "reload to backend two");

        // A broken reload changes nothing visible, so count the swaps to know it happened.
        var routes = (RouteTableSource)gateway.Services.GetService(typeof(RouteTableSource))!;
        var swaps = 0;
        routes.Changed += (_, _) => Interlocked.Increment(ref swaps);
        await File.WriteAllTextAsync(ServiceFile, "broken");
        await WaitForAsync(gateway, () => Task.FromResult(Volatile.Read(ref swaps) > 0), "reload of the broken file");

        Assert.Equal("two", await BackendAsync(client));
        Assert.Single(routes.Current.Ingresses);
    }
}
