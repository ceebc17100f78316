using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Tls.Tests.Support;

/// <summary>
/// A TLS backend for ssl-passthrough: Kestrel on 127.0.0.1 terminating TLS itself with its own
/// certificate (<c>CN=passthrough backend</c>, for <c>pass.example.com</c>, issued by the test
/// intermediate and sent with it), answering <c>backend sni=NAME</c> to every request.
/// </summary>
public sealed class TlsBackend : LoopbackApp
{
    public const string Subject = "CN=passthrough backend";

    private TlsBackend(WebApplication app, int port)
        : base(app, port)
    {
    }

    public static async Task<TlsBackend> StartAsync()
    {
        var pki = TestPki.Shared.Value;
        var certificate = pki.Issue(new LeafSpec(["pass.example.com"]) { CommonName = "passthrough backend", Key = pki.OtherKey })
            .CopyWithPrivateKey(pki.OtherKey);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, [pki.Intermediate], offline: true),
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        };
        // The handshake callback, so Kestrel records the server name the client sent (ITlsHandshakeFeature.HostName).
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                OnConnection = _ => ValueTask.FromResult(options),
            })));
        var app = builder.Build();
        app.Run(context => AnswerAsync(context, "backend "));

        return new TlsBackend(app, await ListenAsync(app));
    }
}
