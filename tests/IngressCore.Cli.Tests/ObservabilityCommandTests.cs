using System.Net;
using IngressCore.Cli.Commands;
using IngressCore.IntegrationTests.Support;
using IngressCore.Model;
using IngressCore.Runtime;
using IngressCore.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace IngressCore.Cli.Tests;

/// <summary>
/// <c>serve</c>'s access log and admin listener end to end: the real process with the bundled
/// examples, curl against the gateway, HttpClient against <c>/metrics</c> (Prometheus text from
/// OpenTelemetry's exporter), <c>/healthz</c> and <c>/readyz</c>; and <c>/readyz</c> turning from
/// 503 to 200 in process, with a source that delivers its objects late.
/// </summary>
[Collection(ExamplePortsCollection.Name)]
public sealed class ObservabilityCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string Examples => CliRunner.Assets("examples");

    [Fact]
    public async Task Serve_writes_one_access_line_per_request_on_stderr()
    {
        await using var serve = await ServeProcess.StartAsync(Examples);

        // The examples' endpoints are the demo backends' ports, which nothing listens on here: the
        // proxy is refused, and the line says by which endpoint.
        var response = await CurlRunner.GetAsync("shop.example.com", serve.HttpPort, "http", "/api/orders?id=7");
        Assert.Equal(502, response.Status);

        const string Line = "access: 127.0.0.1 \"GET shop.example.com/api/orders?id=7\" 502 150B ";
        await serve.WaitUntilAsync(() => serve.StderrLineCount(Line) > 0, Timeout, "the access line");
        var line = serve.Stderr.Split('\n').Single(l => l.Contains(Line, StringComparison.Ordinal));
        Assert.Matches(@"^\d\d:\d\d:\d\d access: ", line);
        Assert.Contains(" ingress=shop/shop service=shop/shop-api:8080 endpoint=127.0.0.1:18082 upstream=-/", line, StringComparison.Ordinal);
        Assert.Contains(" attempts=1 error=\"connect refused\" id=", line, StringComparison.Ordinal);

        Assert.Equal(0, await serve.TerminateAsync(Timeout));
        Assert.Equal(1, serve.StderrLineCount("access: "));
    }

    [Fact]
    public async Task Access_log_off_writes_none()
    {
        await using var serve = await ServeProcess.StartAsync(Examples, "--access-log", "off");

        Assert.Equal(502, (await CurlRunner.GetAsync("shop.example.com", serve.HttpPort, "http", "/api/orders")).Status);

        // Stopped, so everything it would have written is written.
        Assert.Equal(0, await serve.TerminateAsync(Timeout));
        Assert.Equal(0, serve.StderrLineCount("access: "));
        Assert.Equal(1, serve.StderrLineCount("info: snapshot 1: "));
    }

    [Fact]
    public async Task Metrics_are_scraped_from_the_admin_listener_with_their_labels()
    {
        await using var serve = await ServeProcess.StartAsync(Examples, "--metrics", "127.0.0.1:0");
        Assert.NotEqual(0, serve.AdminPort);
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serve.AdminPort}") };

        Assert.Equal(502, (await CurlRunner.GetAsync("shop.example.com", serve.HttpPort, "http", "/api/orders")).Status);
        Assert.Equal(400, (await CurlRunner.GetAsync("nowhere.example.com", serve.HttpPort, "http", "/a/../..")).Status);

        var text = "";
        await serve.WaitUntilAsync(
            async () =>
            {
                text = await admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                return text.Contains("ingresscore_status_class=\"4xx\"", StringComparison.Ordinal) &&
                    text.Contains("ingresscore_reload_duration_seconds_count", StringComparison.Ordinal);
            },
            Timeout,
            "the requests in /metrics");
        using var scrape = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);

        Assert.Contains("# TYPE ingresscore_requests_total counter", text, StringComparison.Ordinal);
        Assert.Matches(@"ingresscore_requests_total\{[^}]*ingresscore_ingress=""shop/shop"",ingresscore_service=""shop/shop-api:8080"",ingresscore_status_class=""5xx""\} 1", text);
        Assert.Matches(@"ingresscore_requests_total\{otel_scope_name=""IngressCore""[^}]*,ingresscore_status_class=""4xx""\} 1", text);
        Assert.Matches(@"ingresscore_reloads_total\{[^}]*ingresscore_rebuilt=""routes\+certificates\+services""\} 1", text);
        Assert.Contains("# TYPE ingresscore_reload_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches(@"ingresscore_reload_duration_seconds_count\{[^}]*ingresscore_rebuilt=""routes\+certificates\+services""\} 1", text);
        Assert.Matches(@"ingresscore_config_errors\{[^}]*\} 0", text);
        Assert.Matches(@"ingresscore_endpoints_ready\{[^}]*ingresscore_service=""shop/shop-api:8080""\} 1", text);

        // Connections are Kestrel's own instruments; requests also ASP.NET Core's, without the scrapes.
        Assert.Matches($@"kestrel_active_connections\{{[^}}]*server_port=""{serve.HttpPort}""\}}", text);
        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_response_status_code=""502""[^}]*\} 1", text);
        Assert.DoesNotMatch(@"http_server_request_duration_seconds_count\{[^}]*http_response_status_code=""200""", text);
    }

    [Fact]
    public async Task The_admin_listener_and_the_gateway_serve_apart()
    {
        await using var serve = await ServeProcess.StartAsync(Examples, "--metrics", "127.0.0.1:0", "--echo");
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serve.AdminPort}") };

        using var healthz = await admin.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal("ok\n", await healthz.Content.ReadAsStringAsync());
        using var readyz = await admin.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);

        // The admin listener routes no Ingress: a served host and path is its 404.
        using var routed = new HttpRequestMessage(HttpMethod.Get, "/api/orders") { Headers = { Host = "shop.example.com" } };
        using var notRouted = await admin.SendAsync(routed);
        Assert.Equal(HttpStatusCode.NotFound, notRouted.StatusCode);
        Assert.Contains("admin listener", await notRouted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The gateway serves no /metrics: the catch-all Ingress of the examples takes the path.
        var gatewayMetrics = await CurlRunner.GetAsync("shop.example.com", serve.HttpPort, "http", "/metrics");
        Assert.DoesNotContain("# TYPE", gatewayMetrics.Body, StringComparison.Ordinal);
        Assert.Contains("\"service\":\"shop-web\"", gatewayMetrics.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_is_503_until_the_gateway_serves_every_source_s_first_objects()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var watch = InMemoryIngressObjectsProvider.CreatePending();
        services.AddIngressRouting().AddSource(watch);
        AdminEndpoints.AddMetrics(services);
        await using var provider = services.BuildServiceProvider();
        IngressRuntime? listening = null;
        var (address, _, _) = ListenAddress.Parse("--metrics", "127.0.0.1:0");

        await using var admin = await AdminEndpoints.StartAsync(address!, provider.GetRequiredService<MeterProvider>(), () => listening, _ => { });
        using var client = new HttpClient { BaseAddress = new Uri(AdminEndpoints.Addresses(admin).Single()) };
        async Task<(HttpStatusCode, string)> ReadyzAsync()
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: the gateway is starting\n"), await ReadyzAsync());

        listening = provider.GetRequiredService<IngressRuntime>();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: waiting for the sources' first objects\n"), await ReadyzAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        watch.Update(new IngressObjects { Ingresses = [new IngressDefinition { Namespace = "default", Name = "late" }] });
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await ReadyzAsync());
    }

    [Fact]
    public async Task The_help_describes_the_new_options()
    {
        var result = await CliRunner.RunAsync(null, "--help");

        Assert.Contains("--access-log on|off", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--metrics ADDR", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("/readyz", result.Stdout, StringComparison.Ordinal);
    }
}
