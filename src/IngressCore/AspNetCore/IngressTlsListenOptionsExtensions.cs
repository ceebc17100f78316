using System.Net.Security;
using IngressCore.AspNetCore;
using IngressCore.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Terminates TLS on a Kestrel endpoint with the certificates of an <see cref="SniCertificateSource"/>.</summary>
public static class IngressTlsListenOptionsExtensions
{
    /// <summary>
    /// Terminates TLS on this endpoint, choosing each connection's certificate by its server name
    /// (SNI) from <paramref name="source"/>'s current snapshot: exact host, then the one-label
    /// <c>*.</c> wildcard, then the default certificate. ALPN offers HTTP/2 and HTTP/1.1. A snapshot
    /// swapped in later is used by the next handshake; established connections keep their certificate.
    /// </summary>
    /// <param name="listenOptions">The endpoint.</param>
    /// <param name="source">The certificate snapshots.</param>
    /// <returns><paramref name="listenOptions"/>.</returns>
    public static ListenOptions UseIngressTls(this ListenOptions listenOptions, SniCertificateSource source)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        ArgumentNullException.ThrowIfNull(source);

        // TlsHandshakeCallbackOptions rather than ServerCertificateSelector: the callback hands
        // SslStream whole server options, so the chain context prepared with the snapshot is used
        // as is, and nothing (EKU check, chain build) is redone per handshake.
        // Request framing after TLS, where the bytes are HTTP (docs/serving.md §1.4).
        return listenOptions.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = SelectOptions,
            OnConnectionState = source,
        }).UseIngressRequestFraming();
    }

    /// <summary>
    /// Terminates TLS on this endpoint with the <see cref="SniCertificateSource"/> registered in the
    /// application's services (see <see cref="UseIngressTls(ListenOptions, SniCertificateSource)"/>).
    /// With <c>AddIngressRouting</c>, hosts whose Ingress sets <c>ssl-passthrough: "true"</c> are
    /// not terminated: their connections, chosen by the ClientHello's server name, are relayed
    /// untouched to the host's backend endpoints (docs/tls.md §9).
    /// </summary>
    /// <param name="listenOptions">The endpoint.</param>
    /// <returns><paramref name="listenOptions"/>.</returns>
    /// <exception cref="InvalidOperationException">No <see cref="SniCertificateSource"/> is registered.</exception>
    public static ListenOptions UseIngressTls(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        var source = listenOptions.ApplicationServices.GetService<SniCertificateSource>()
            ?? throw new InvalidOperationException(
                "UseIngressTls() needs an SniCertificateSource in the application's services: register one " +
                "(services.AddSingleton(new SniCertificateSource(SniCertificateStore.Build(...)))) or pass it to UseIngressTls(source).");
        if (listenOptions.ApplicationServices.GetService<IngressState>() is { } state)
        {
            // Added before the TLS middleware, so it runs first and sees the ClientHello's bytes.
            var logger = listenOptions.ApplicationServices.GetRequiredService<ILogger<PassthroughConnectionMiddleware>>();
            listenOptions.Use(next => new PassthroughConnectionMiddleware(next, () => state.Passthrough, state.PassthroughClientHelloTimeout, logger).OnConnectionAsync);
        }

        return listenOptions.UseIngressTls(source);
    }

    private static ValueTask<SslServerAuthenticationOptions> SelectOptions(TlsHandshakeCallbackContext context) =>
        ValueTask.FromResult(((SniCertificateSource)context.State!).Current.SelectOptions(context.ClientHelloInfo.ServerName));
}
