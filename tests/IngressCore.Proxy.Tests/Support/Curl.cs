using System.Diagnostics;

namespace IngressCore.Proxy.Tests.Support;

/// <summary>Runs the real curl against loopback: it sends request-targets exactly as written (<c>--path-as-is</c>).</summary>
internal static class Curl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>GETs <paramref name="target"/> from 127.0.0.1:<paramref name="port"/> with a Host header; returns status, headers and body.</summary>
    public static Task<CurlResponse> GetAsync(int port, string host, string target, params string[] extraArgs) =>
        RunAsync(["--max-time", "15", "-H", $"Host: {host}", .. extraArgs, $"http://127.0.0.1:{port}{target}"]);

    /// <summary>
    /// Runs <c>curl -s -i --path-as-is --noproxy *</c> with <paramref name="args"/> (which must
    /// address loopback and bound the time with <c>--max-time</c>); also used by the CLI tests.
    /// </summary>
    public static async Task<CurlResponse> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-s", "-i", "--path-as-is", "--noproxy", "*", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.True(process.ExitCode == 0, $"curl failed ({process.ExitCode}): {await stderr}");
        return CurlResponse.Parse(await stdout);
    }
}

/// <summary>A response as curl -i printed it.</summary>
internal sealed record CurlResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public static CurlResponse Parse(string output)
    {
        var split = output.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? output : output[..split];
        var body = split < 0 ? "" : output[(split + 4)..];
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p.Length > 1 ? p[1].Trim() : ""))
            .ToList();
        return new CurlResponse(status, headers, body);
    }

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
