using IngressCore.IntegrationTests.Support;

namespace IngressCore.Cli.Tests;

/// <summary>The integration tests' curl runner (linked in), addressed the way a served gateway is reached.</summary>
internal static class CurlRunner
{
    /// <summary>Fetches <paramref name="target"/> with curl -i; https is resolved to 127.0.0.1 (--resolve) so SNI carries the host.</summary>
    public static Task<CurlResponse> GetAsync(string host, int port, string scheme, string target) =>
        Curl.RunAsync(scheme == "https"
            ? ["--max-time", "10", "-k", "--resolve", $"{host}:{port}:127.0.0.1", $"https://{host}:{port}{target}"]
            : ["--max-time", "10", "-H", $"Host: {host}", $"http://127.0.0.1:{port}{target}"]);
}
