using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IngressCore.IntegrationTests.Nginx;

/// <summary>
/// A real nginx run as a child process on 127.0.0.1 with a configuration of the test's own, in a
/// temporary directory that holds its pid file, logs and temp files; killed and removed on dispose.
/// The system service is never touched.
/// </summary>
internal sealed class NginxInstance : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private NginxInstance(Process process, StringBuilder output, string directory, int port)
    {
        _process = process;
        _output = output;
        Directory = directory;
        Port = port;
    }

    /// <summary>The instance's directory.</summary>
    public string Directory { get; }

    /// <summary>The port the ingress servers listen on.</summary>
    public int Port { get; }

    /// <summary>The nginx binary: on PATH, else Debian's /usr/sbin/nginx; <see langword="null"/> when missing.</summary>
    private static readonly string? s_binary = FindBinary();

    /// <summary>The nginx binary; throws (so the test fails, never skips) when nginx is not installed.</summary>
    public static string Binary => s_binary ?? throw new InvalidOperationException(
        // Fail, not skip: the differential suite is the evidence that IngressCore routes as
        // ingress-nginx does, and a missing peer must not turn it silently green.
        "nginx is not installed (looked on PATH and at /usr/sbin/nginx). The nginx differential tests need it: " +
        ".ci/run installs it (Debian package nginx-light); locally run 'apt-get install nginx-light'.");

    /// <summary>
    /// Starts nginx with the configuration <paramref name="render"/> writes for the given ports and
    /// directory, and waits until the ingress port accepts connections.
    /// </summary>
    /// <param name="render">Makes the configuration from (port, echo port, directory).</param>
    public static async Task<NginxInstance> StartAsync(Func<int, int, string, string> render)
    {
        var binary = Binary;
        var directory = Path.Combine(Path.GetTempPath(), "ingresscore-nginx-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var (port, echoPort) = (FreePort(), FreePort());
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, render(port, echoPort, directory));

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-p", directory, "-c", config, "-e", Path.Combine(directory, "startup.log"), "-g", $"daemon off; pid {directory}/nginx.pid;"])
        {
            start.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new NginxInstance(process, output, directory, port);
        try
        {
            await WaitForPortAsync(process, port, output, config);
            await WaitForPortAsync(process, echoPort, output, config);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cancel = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time: nothing more a test can do; the directory goes anyway.
        }
        finally
        {
            _process.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A worker still closing a temp file; the directory is in /tmp.
            }
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static async Task WaitForPortAsync(Process process, int port, StringBuilder output, string config)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                string text;
                lock (output)
                {
                    text = output.ToString();
                }

                throw new InvalidOperationException(
                    $"nginx exited ({process.ExitCode}) before listening on {port}:\n{text}\n{ReadLog(Path.Combine(Path.GetDirectoryName(config)!, "error.log"))}\nconfiguration:\n{await File.ReadAllTextAsync(config)}");
            }

            try
            {
                using var client = new TcpClient();
                using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                await client.ConnectAsync(IPAddress.Loopback, port, cancel.Token);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"nginx did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s");
                }

                await Task.Delay(20);
            }
        }
    }

    private static string ReadLog(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinary()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin"))
        {
            var candidate = Path.Combine(directory, "nginx");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
