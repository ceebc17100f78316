using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Yarp.ReverseProxy.Forwarder;

namespace IngressCore.Forwarding.Transport;

/// <summary>
/// The HTTP clients the forwarder sends with: one pooled <see cref="SocketsHttpHandler"/> per
/// connect timeout and TLS setting, tuned as YARP's documentation recommends for a proxy (no
/// cookies, decompression, proxy or redirects; several HTTP/2 connections; W3C trace context
/// injected by <see cref="ReverseProxyPropagator"/>). Destinations are <c>http://</c>: for an
/// HTTP/1.1 TLS backend the connect callback opens TLS itself, so that SNI and verification follow
/// <c>proxy-ssl-*</c> and not the endpoint's IP literal. HTTP/2 over TLS (GRPCS) is the exception:
/// its requests say <c>:scheme</c>, which must be <c>https</c>, so its handler opens TLS itself
/// for <c>https://</c> destinations.
/// </summary>
internal sealed class BackendClients : IDisposable
{
    /// <summary>The request option carrying the name a verified backend's certificate must have when no <c>proxy-ssl-name</c> is set.</summary>
    public static readonly HttpRequestOptionsKey<string> ExpectedNameKey = new("IngressCore.ExpectedServerName");

    private readonly ConcurrentDictionary<(TimeSpan ConnectTimeout, BackendTls? Tls, bool HandlerTls), HttpMessageInvoker> _clients = new();

    /// <summary>
    /// The client for a connect timeout and TLS setting. With <paramref name="handlerTls"/> the
    /// handler opens TLS itself (destinations are then <c>https://</c>): HTTP/2 over TLS needs it,
    /// since the request's <c>:scheme</c> must be <c>https</c>.
    /// </summary>
    public HttpMessageInvoker Get(TimeSpan connectTimeout, BackendTls? tls, bool handlerTls = false) =>
        _clients.TryGetValue((connectTimeout, tls, handlerTls), out var client)
            ? client
            : _clients.GetOrAdd((connectTimeout, tls, handlerTls), static key => Create(key.ConnectTimeout, key.Tls, key.HandlerTls));

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    private static HttpMessageInvoker Create(TimeSpan connectTimeout, BackendTls? tls, bool handlerTls)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = connectTimeout,
            // An idle connection is dropped after a minute, as ingress-nginx's upstream-keepalive-timeout.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        };
        if (tls is not null)
        {
            var ca = tls.CaPem is null ? null : LoadCas(tls.CaPem);
            var clientCertificate = tls.CertificatePem is not null && tls.KeyPem is not null
                ? X509Certificate2.CreateFromPem(tls.CertificatePem, tls.KeyPem)
                : null;
            if (handlerTls)
            {
                handler.SslOptions = tls.HandlerOptions(ca, clientCertificate);
            }
            else
            {
                handler.ConnectCallback = (context, cancellationToken) => ConnectTlsAsync(context, tls, ca, clientCertificate, cancellationToken);
            }
        }

        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    private static X509Certificate2Collection LoadCas(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }

    private static async ValueTask<Stream> ConnectTlsAsync(
        SocketsHttpConnectionContext context, BackendTls tls, X509Certificate2Collection? ca, X509Certificate2? clientCertificate, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            var stream = new SslStream(new NetworkStream(socket, ownsSocket: true));
            try
            {
                var message = context.InitialRequestMessage;
                message.Options.TryGetValue(ExpectedNameKey, out var expectedName);
                var options = tls.ClientOptions(message.Version.Major >= 2, expectedName, ca, clientCertificate);
                await stream.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
                return stream;
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
