using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace IngressCore.Tls.Tests;

/// <summary><c>listenOptions.UseIngressTls()</c> without a registered source says what to do.</summary>
public sealed class ListenOptionsTests
{
    [Fact]
    public async Task UseIngressTls_without_a_registered_source_fails_at_start_with_the_fix()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseIngressTls()));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            // Kestrel applies its options while the host is built or started, depending on the version.
            await using var app = builder.Build();
            await app.StartAsync(timeout.Token);
        });
        Assert.Contains("SniCertificateSource", error.Message, StringComparison.Ordinal);
    }
}
