using System.Diagnostics;
using System.Text.RegularExpressions;

namespace IngressCore.Cli.Tests;

/// <summary>
/// <c>ingresscore serve</c> as a real child process (the built dll under <c>dotnet</c>) on free
/// loopback ports. Every wait is bounded; the process is killed on dispose if it is still running.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly Lock _gate = new();

    private ServeProcess(Process process) => _process = process;

    /// <summary>The process id, for what /proc tells of it (sockets, memory).</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited (a restart would show as a new one).</summary>
    public bool HasExited => _process.HasExited;

    public int HttpPort { get; private set; }

    public int HttpsPort { get; private set; }

    /// <summary>The admin listener's port (<c>--metrics</c>), or 0 without one.</summary>
    public int AdminPort
    {
        get
        {
            lock (_gate)
            {
                return _stdout.Select(l => AdminListening().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public int StderrLineCount(string contains)
    {
        lock (_gate)
        {
            return _stderr.Count(l => l.Contains(contains, StringComparison.Ordinal));
        }
    }

    public static async Task<ServeProcess> StartAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IngressCore.Cli.dll"));
        foreach (var arg in (string[])["serve", .. args, "--http", "127.0.0.1:0", "--https", "127.0.0.1:0"])
        {
            start.ArgumentList.Add(arg);
        }

        var serve = new ServeProcess(Process.Start(start)!);
        serve._process.OutputDataReceived += (_, e) => serve.Add(serve._stdout, e.Data);
        serve._process.ErrorDataReceived += (_, e) => serve.Add(serve._stderr, e.Data);
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        try
        {
            await serve.WaitUntilAsync(() => serve.Port("http") > 0 && serve.Port("https") > 0, StartTimeout, "both listeners");
            serve.HttpPort = serve.Port("http");
            serve.HttpsPort = serve.Port("https");
            return serve;
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the server's stderr after <paramref name="timeout"/>.</summary>
    public Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the server's stderr after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"serve: no {what} within {timeout}; exited: {_process.HasExited}; stderr:\n{Stderr}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGTERM, as a container runtime stopping the gateway does, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cancel.Token);
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            lines.Add(line);
        }
    }

    private int Port(string scheme)
    {
        lock (_gate)
        {
            foreach (var line in _stdout)
            {
                var match = Listening().Match(line);
                if (match.Success && match.Groups[1].Value == scheme)
                {
                    return int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }
    }

    [GeneratedRegex(@"^ingresscore: listening on (https?)://127\.0\.0\.1:(\d+)$")]
    private static partial Regex Listening();

    [GeneratedRegex(@"^ingresscore: admin listening on http://127\.0\.0\.1:(\d+)$")]
    private static partial Regex AdminListening();
}
