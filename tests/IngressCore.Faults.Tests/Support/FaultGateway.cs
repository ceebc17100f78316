using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using IngressCore.Cli.Tests;

namespace IngressCore.Faults.Tests.Support;

/// <summary>
/// A manifest folder and the real <c>ingresscore serve</c> process that follows it, with a plain
/// HTTP client that reaches it on 127.0.0.1 with the virtual host in <c>Host</c>. Files are written
/// the way an operator writes them; waits are bounded and poll what the gateway answers or logs.
/// </summary>
internal sealed partial class FaultGateway : IAsyncDisposable
{
    public static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _client;

    private FaultGateway(string folder, ServeProcess serve)
    {
        Folder = folder;
        Serve = serve;
        _client = NewClient();
    }

    /// <summary>The folder given to <c>serve</c>.</summary>
    public string Folder { get; }

    public ServeProcess Serve { get; }

    /// <summary>Writes <paramref name="files"/> (name, text) into a new folder and starts <c>serve</c> on it with <paramref name="arguments"/>.</summary>
    public static async Task<FaultGateway> StartAsync(IEnumerable<(string Name, string Text)> files, params string[] arguments)
    {
        var root = Directory.CreateTempSubdirectory("ingresscore-faults-").FullName;
        var folder = Path.Combine(root, "manifests");
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), text);
        }

        try
        {
            return new FaultGateway(folder, await ServeProcess.StartAsync([folder, .. arguments]));
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>A client for load loops: no cookies, no redirects, a bounded wait per request.</summary>
    public static HttpClient NewClient(int connections = 16) =>
        new(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = connections,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>A plain HTTP GET for <paramref name="host"/>: status, body and how long the answer took.</summary>
    public Task<Answer> GetAsync(string host, string target = "/") => GetAsync(_client, Serve.HttpPort, host, target);

    public static async Task<Answer> GetAsync(HttpClient client, int port, string host, string target = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{target}"));
        request.Headers.Host = host;
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, body, clock.Elapsed);
    }

    /// <summary>Polls <paramref name="host"/> until it answers <paramref name="status"/>; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForStatusAsync(string host, HttpStatusCode status, string? bodyContains = null)
    {
        var clock = Stopwatch.StartNew();
        await Serve.WaitUntilAsync(
            async () =>
            {
                var answer = await GetAsync(host);
                return answer.Status == status && (bodyContains is null || answer.Body.Contains(bodyContains, StringComparison.Ordinal));
            },
            ReloadTimeout,
            $"{(int)status} from {host}{(bodyContains is null ? "" : $" with \"{bodyContains}\"")}");
        return clock.Elapsed;
    }

    /// <summary>The number of the last snapshot <c>serve</c> logged (<c>info: snapshot N: …</c>), 0 before the first.</summary>
    public int LastSnapshot =>
        Serve.Stderr.Split('\n').Select(l => Snapshot().Match(l)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>Waits until <c>serve</c> has logged a snapshot after <paramref name="after"/>; returns its number.</summary>
    public async Task<int> WaitForSnapshotAsync(int after)
    {
        await Serve.WaitUntilAsync(() => LastSnapshot > after, ReloadTimeout, $"snapshot after {after}");
        return LastSnapshot;
    }

    /// <summary>The stderr lines that contain every one of <paramref name="parts"/>.</summary>
    public IReadOnlyList<string> StderrLines(params string[] parts) =>
        [.. Serve.Stderr.Split('\n').Where(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)))];

    /// <summary>Waits until a stderr line contains every one of <paramref name="parts"/>; returns it.</summary>
    public async Task<string> WaitForStderrAsync(params string[] parts)
    {
        await Serve.WaitUntilAsync(() => StderrLines(parts).Count > 0, ReloadTimeout, $"stderr line with {string.Join(", ", parts.Select(p => $"\"{p}\""))}");
        return StderrLines(parts)[0];
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Serve.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);
    }

    [GeneratedRegex(@"info: snapshot (\d+):")]
    private static partial Regex Snapshot();
}
