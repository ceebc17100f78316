using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IngressCore.Annotations;
using IngressCore.Passthrough;
using IngressCore.Runtime;
using IngressCore.Tls;

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
    /// Terminates TLS on this endpoint with the certificates of <c>AddIngressRouting</c>'s current
    /// snapshot (or, without it, of the <see cref="SniCertificateSource"/> registered in the services),
    /// chosen per handshake as <see cref="UseIngressTls(ListenOptions, SniCertificateSource)"/> does. Hosts whose Ingress sets <c>ssl-passthrough: "true"</c> are not terminated: their
    /// connections, chosen by the ClientHello's server name, are relayed untouched to the host's
    /// backend endpoints (docs/tls.md §9).
    /// </summary>
    /// <param name="listenOptions">The endpoint.</param>
    /// <returns><paramref name="listenOptions"/>.</returns>
    /// <exception cref="InvalidOperationException">Neither <c>services.AddIngressRouting()</c> was called nor an <see cref="SniCertificateSource"/> registered.</exception>
    public static ListenOptions UseIngressTls(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        var services = listenOptions.ApplicationServices;
        if (services.GetService<IngressRuntime>() is not { } runtime)
        {
            // TLS without routing: a certificate source the application registered itself.
            return listenOptions.UseIngressTls(services.GetService<SniCertificateSource>()
                ?? throw new InvalidOperationException(
                    "UseIngressTls() needs services.AddIngressRouting(...) first, an SniCertificateSource registered in the services, " +
                    "or one passed to UseIngressTls(source)."));
        }

        // Added before the TLS middleware, so it runs first and sees the ClientHello's bytes.
        var options = services.GetRequiredService<IOptions<IngressRoutingOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<PassthroughConnectionMiddleware>>();
        var time = services.GetRequiredService<TimeProvider>();
        listenOptions.Use(next => new PassthroughConnectionMiddleware(
            next, () => runtime.Current.Passthrough, options.PassthroughClientHelloTimeout, options.PassthroughIdleTimeout, time, logger).OnConnectionAsync);

        // TlsHandshakeCallbackOptions, as in the overload above; each handshake reads the current snapshot's store.
        return listenOptions.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = SelectFromRuntime,
            OnConnectionState = runtime,
        }).UseIngressRequestFraming();
    }

    private static ValueTask<SslServerAuthenticationOptions> SelectFromRuntime(TlsHandshakeCallbackContext context)
    {
        var snapshot = ((IngressRuntime)context.State!).Current;
        var serverName = context.ClientHelloInfo.ServerName;
        var options = snapshot.Certificates.SelectOptions(serverName);

        // auth-tls-secret: the host the server name selects asks for a client certificate (verified per request).
        if (snapshot.Routes.SelectVirtualHost(serverName)?.ClientCertificates is { Verification: not ClientCertificateVerification.Off } policy &&
            snapshot.Authentication.Bundle(policy) is { } bundle)
        {
            options = snapshot.Authentication.HandshakeOptions(options, bundle);
        }

        return ValueTask.FromResult(options);
    }

    private static ValueTask<SslServerAuthenticationOptions> SelectOptions(TlsHandshakeCallbackContext context) =>
        ValueTask.FromResult(((SniCertificateSource)context.State!).Current.SelectOptions(context.ClientHelloInfo.ServerName));
}
