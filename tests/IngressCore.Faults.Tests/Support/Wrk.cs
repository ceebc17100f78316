using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace IngressCore.Faults.Tests.Support;

/// <summary>
/// wrk (the HTTP benchmarking tool, Debian's <c>wrk</c> package, which .ci/run installs) run against
/// the gateway, and what it counted: requests, answers that were not 2xx or 3xx, socket errors.
/// </summary>
internal sealed partial class Wrk : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private Wrk(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>
    /// Starts <c>wrk -t1 -cCONNECTIONS -dDURATION -H "Host: HOST" URL</c>: one thread, a bounded
    /// run; <see cref="StopAsync"/> ends it earlier, as Ctrl-C does (wrk then prints what it counted).
    /// </summary>
    public static Wrk Start(int port, string host, int connections, TimeSpan duration)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "-t1", $"-c{connections}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--timeout", "10s",
            "-H", $"Host: {host}", $"http://127.0.0.1:{port}/"])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return new Wrk(Process.Start(start)!);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("wrk is not installed (apt-get install wrk; .ci/run installs it)", e);
        }
    }

    /// <summary>Runs wrk for <paramref name="duration"/> and returns what it counted.</summary>
    public static async Task<WrkResult> RunAsync(int port, string host, int connections, TimeSpan duration)
    {
        await using var wrk = Start(port, host, connections, duration);
        return await wrk.WaitAsync();
    }

    /// <summary>Ends the run now (SIGINT) and returns what wrk counted.</summary>
    public async Task<WrkResult> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        return await WaitAsync();
    }

    /// <summary>Waits for the run to end (bounded) and parses wrk's summary.</summary>
    public async Task<WrkResult> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _process.WaitForExitAsync(timeout.Token);
        var output = await _stdout;
        var requests = Requests().Match(output);
        if (_process.ExitCode != 0 || !requests.Success)
        {
            throw new InvalidOperationException($"wrk failed (exit {_process.ExitCode}):\n{output}\n{await _stderr}");
        }

        var errors = SocketErrors().Match(output);
        var non2xx = Non2xx().Match(output);
        return new WrkResult(
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors.Success ? Enumerable.Range(1, 4).Sum(g => long.Parse(errors.Groups[g].Value, CultureInfo.InvariantCulture)) : 0,
            output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // wrk prints these two lines only when the counts are not zero.
    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();
}
