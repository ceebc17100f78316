using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace IngressCore.Tls.Tests.Support;

/// <summary>What <c>openssl s_client</c> printed: the chain the server sent and the verification result.</summary>
/// <param name="Subjects">The subject of each certificate sent, leaf first (<c>CN = a.example.com</c>).</param>
/// <param name="VerifyCode">The <c>Verify return code</c> (0 when the chain reaches the test root and the name fits).</param>
/// <param name="Output">Everything printed, for failure messages.</param>
public sealed record OpenSslResult(IReadOnlyList<string> Subjects, int VerifyCode, string Output);

/// <summary>Runs openssl and curl against loopback, each bounded by a timeout, and parses what they print.</summary>
public static partial class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>openssl s_client -connect 127.0.0.1:PORT -servername NAME -showcerts -CAfile root</c>
    /// (<c>-noservername</c> when <paramref name="serverName"/> is null), verifying the name too.
    /// </summary>
    public static async Task<OpenSslResult> OpenSslAsync(int port, string? serverName, string? verifyName = null)
    {
        List<string> args = ["s_client", "-connect", $"127.0.0.1:{port}", "-showcerts", "-CAfile", TestPki.Shared.Value.RootFile];
        args.AddRange(serverName is null ? ["-noservername"] : ["-servername", serverName]);
        if (verifyName is not null)
        {
            args.AddRange(["-verify_hostname", verifyName]);
        }

        var (_, output) = await RunAsync("openssl", args);
        var subjects = SubjectLine().Matches(output).Select(m => m.Groups[1].Value.Trim()).ToList();
        var code = VerifyLine().Match(output) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
        return new OpenSslResult(subjects, code, output);
    }

    /// <summary>
    /// <c>curl --resolve NAME:PORT:127.0.0.1 --cacert root https://NAME:PORT/</c>: exit code, body
    /// and the HTTP version (<c>2</c> or <c>1.1</c>). curl verifies chain and name against the test root.
    /// </summary>
    public static async Task<(int ExitCode, string Body, string HttpVersion)> CurlAsync(int port, string name)
    {
        var (exit, output) = await RunAsync("curl",
        [
            "-sS", "--max-time", "10", "--noproxy", "*", "--cacert", TestPki.Shared.Value.RootFile,
            "--resolve", $"{name}:{port}:127.0.0.1", "-w", "\n%{http_version}", $"https://{name}:{port}/",
        ]);
        var lines = output.TrimEnd('\n').Split('\n');
        return (exit, string.Join('\n', lines[..^1]), lines[^1]);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        // s_client ends its session when its input ends.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', start.ArgumentList)} did not finish within {Timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^\s*\d+ s:(.*)$", RegexOptions.Multiline)]
    private static partial Regex SubjectLine();

    [GeneratedRegex(@"Verify return code: (\d+)")]
    private static partial Regex VerifyLine();
}
