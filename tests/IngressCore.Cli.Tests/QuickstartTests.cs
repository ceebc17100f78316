using System.Diagnostics;
using System.Text.RegularExpressions;

namespace IngressCore.Cli.Tests;

/// <summary>
/// README's quickstart as a newcomer runs it: <c>serve docs/examples --demo-backends</c>, then every
/// curl line README shows, each answered by the backend its comment names (the comment's last word),
/// through the proxy. Only the gateway's ports differ: the test takes free ones.
/// </summary>
[Collection(ExamplePortsCollection.Name)]
public sealed partial class QuickstartTests
{
    [Fact]
    public async Task Every_curl_line_of_the_readme_is_answered_by_the_backend_it_names()
    {
        var readme = await File.ReadAllTextAsync(Repository("README.md"));
        var block = BashBlock().Matches(readme)[1].Groups["code"].Value;
        var curls = block.Split('\n').Where(l => l.StartsWith("curl ", StringComparison.Ordinal)).ToList();
        Assert.True(curls.Count >= 5, "README's second bash block should hold the quickstart's curl lines");
        Assert.Contains("serve docs/examples --demo-backends", BashBlock().Matches(readme)[0].Groups["code"].Value, StringComparison.Ordinal);

        await using var serve = await ServeProcess.StartAsync(CliRunner.Assets("examples"), "--demo-backends");
        foreach (var line in curls)
        {
            var hash = line.IndexOf(" # ", StringComparison.Ordinal);
            var command = line[..hash].Trim()
                .Replace(":8080", $":{serve.HttpPort}", StringComparison.Ordinal)
                .Replace(":8443", $":{serve.HttpsPort}", StringComparison.Ordinal);
            var backend = line[(hash + 3)..].Trim().Split(' ')[^1];

            var (exit, output) = await RunAsync(command + " --silent --show-error --fail --max-time 20");

            Assert.True(exit == 0, $"`{command}` failed ({exit}): {output}\n{serve.Stderr}");
            Assert.Matches($"\"backend\": \"[a-z-]+/{Regex.Escape(backend)}\"", output);
        }
    }

    [Fact]
    public async Task A_request_no_rule_takes_goes_to_the_default_backend_service()
    {
        // The examples without default-backend.yaml: an Ingress's spec.defaultBackend comes before the
        // controller's default backend (as in ingress-nginx), so that file would take these requests.
        var folder = Directory.CreateTempSubdirectory("ingresscore-default-backend-");
        foreach (var file in Directory.GetFiles(CliRunner.Assets("examples"), "*.yaml").Where(f => !f.EndsWith("default-backend.yaml", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
        }

        await using var serve = await ServeProcess.StartAsync(
            folder.FullName, "--demo-backends", "--default-backend-service", "shop/shop-web");

        var (exit, output) = await RunAsync(
            $"curl -H 'Host: nobody.example.org' http://127.0.0.1:{serve.HttpPort}/anything --silent --show-error --fail --max-time 20");

        Assert.True(exit == 0, $"the default backend did not answer ({exit}): {output}\n{serve.Stderr}");
        Assert.Contains("\"backend\": \"shop/shop-web\"", output, StringComparison.Ordinal);
        folder.Delete(recursive: true);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string Repository(string relative)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "IngressCore.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder!.FullName, relative);
    }

    [GeneratedRegex(@"```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
