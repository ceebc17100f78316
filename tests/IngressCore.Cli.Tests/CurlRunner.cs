using System.Diagnostics;

namespace IngressCore.Cli.Tests;

/// <summary>Runs the real curl against 127.0.0.1 only, with a bounded time.</summary>
internal static class CurlRunner
{
    /// <summary>Fetches <paramref name="url"/> with curl -i; https URLs are resolved to 127.0.0.1 (--resolve) so SNI carries the host.</summary>
    public static async Task<CurlResult> GetAsync(string host, int port, string scheme, string target)
    {
        var start = new ProcessStartInfo("curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args = scheme == "https"
            ? ["-k", "--resolve", $"{host}:{port}:127.0.0.1", $"https://{host}:{port}{target}"]
            : ["-H", $"Host: {host}", $"http://127.0.0.1:{port}{target}"];
        foreach (var arg in (string[])["-s", "-i", "--path-as-is", "--noproxy", "*", "--max-time", "10", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
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
        return CurlResult.Parse(await stdout);
    }
}

/// <summary>A response as curl -i printed it.</summary>
internal sealed record CurlResult(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public static CurlResult Parse(string output)
    {
        var split = output.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? output : output[..split];
        var lines = head.Split("\r\n");
        return new CurlResult(
            int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture),
            [.. lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => new KeyValuePair<string, string>(p[0].Trim(), p.Length > 1 ? p[1].Trim() : ""))],
            split < 0 ? "" : output[(split + 4)..]);
    }

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
