using System.Collections.Concurrent;
using IngressCore.Faults.Tests.Support;
using Xunit.Abstractions;

namespace IngressCore.Faults.Tests;

/// <summary>
/// A TLS Secret rotated every second (its file rewritten in place, as <c>cp</c> or an editor
/// does) while clients make HTTPS requests on new connections without pause: every handshake
/// completes with a certificate the clients trust for the host, every request is answered 200, and
/// each new certificate is served. One rotation writes a Secret whose <c>tls.crt</c> is not PEM:
/// refused with an error naming the Secret, the last good certificate served meanwhile.
/// </summary>
public sealed class SecretRotationTests(ITestOutputHelper output)
{
    private const string Host = "secure.example";
    private const int Rotations = 8;
    private const int BrokenRotation = 4;

    [Fact]
    public async Task A_Secret_rotated_every_second_under_HTTPS_load_fails_no_handshake_and_each_new_certificate_is_served()
    {
        using var authority = new TestAuthority();
        await using var backend = await FaultyBackends.HealthyAsync("secure");
        var issued = new List<string>();
        string SecretFile(int serial)
        {
            var (certificate, key, thumbprint) = authority.Issue(Host, serial);
            issued.Add(thumbprint);
            return Manifests.TlsSecret("secure-tls", certificate, key);
        }

        await using var gateway = await FaultGateway.StartAsync(
            [("route.yaml", Manifests.Route("secure", Host, [backend.Port], tlsSecret: "secure-tls")), ("secret.yaml", SecretFile(0))],
            "--access-log", "off");
        var secret = gateway.PathOf("secret.yaml");

        var seen = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var handshakes = 0;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    var (status, thumbprint) = await TlsProbe.GetAsync(gateway.Serve.HttpsPort, Host, authority.Certificate, timeout.Token);
                    Interlocked.Increment(ref handshakes);
                    seen.AddOrUpdate(thumbprint, 1, (_, n) => n + 1);
                    if (status != 200)
                    {
                        failures.Enqueue($"status {status}");
                    }
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or System.Net.Sockets.SocketException or OperationCanceledException)
                {
                    failures.Enqueue($"{e.GetType().Name}: {e.Message}");
                }
            }
        })).ToArray();

        for (var rotation = 1; rotation <= Rotations; rotation++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (rotation == BrokenRotation)
            {
                await File.WriteAllTextAsync(secret, Manifests.TlsSecret("secure-tls", "not a certificate", "not a key"));
                await gateway.WaitForStderrAsync("error: ", secret, "default/secure-tls", "tls.crt");
                continue;
            }

            await File.WriteAllTextAsync(secret, SecretFile(rotation));
        }

        // The last certificate is served once its reload is through, a moment after its write.
        await gateway.Serve.WaitUntilAsync(() => seen.ContainsKey(issued[^1]), FaultGateway.ReloadTimeout, "the last certificate served");
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        output.WriteLine($"{handshakes} handshakes and requests, {failures.Count} failed; {issued.Count} certificates issued, {issued.Count(seen.ContainsKey)} served ({string.Join(", ", issued.Select(t => seen.GetValueOrDefault(t)))} handshakes each)");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {handshakes} handshakes or requests failed: {string.Join("; ", failures.Take(5))}");
        // Nothing but the issued certificates: never the default one (it would not have been trusted anyway).
        Assert.All(seen.Keys, t => Assert.Contains(t, issued));
        // Each rotation is served for about a second; allow one to be missed on a busy machine.
        Assert.True(issued.Count(seen.ContainsKey) >= issued.Count - 1, $"served {issued.Count(seen.ContainsKey)} of {issued.Count} certificates");
        Assert.True(handshakes >= 4 * Rotations, $"only {handshakes} handshakes were made");
        // The broken Secret was refused and said so, with the last good certificate kept.
        await gateway.WaitForStderrAsync("warning: ", secret, "default/secure-tls", "could not be read this time; its last good version keeps serving");
    }
}
