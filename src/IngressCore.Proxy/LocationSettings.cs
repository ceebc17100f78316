using System.Net;
using System.Net.Http;
using IngressCore.Annotations;
using IngressCore.Forwarding.Transport;
using IngressCore.Model;
using Yarp.ReverseProxy.Forwarder;

namespace IngressCore.Forwarding;

/// <summary>
/// What one location's annotations (the primary's, for a canary too) make of forwarding, worked
/// out once per parsed annotation set: timeouts, protocol, retries, the forwarder configs, and the
/// TLS settings that turn into a client. Immutable but for the TLS client, which follows the
/// snapshot's Secrets.
/// </summary>
internal sealed class LocationSettings
{
    private volatile TlsResolution? _tls;
    private HttpMessageInvoker? _plainClient;

    public LocationSettings(IngressAnnotations policies, ForwardingOptions options, NextUpstreamConditions defaultConditions)
    {
        var timeouts = policies.ProxyTimeouts;
        ConnectTimeout = timeouts?.Connect ?? options.ConnectTimeout;
        ReadTimeout = timeouts?.Read ?? options.ReadTimeout;
        var send = timeouts?.Send ?? options.SendTimeout;
        Protocol = policies.BackendProtocol ?? BackendProtocol.Http;
        Http2 = Protocol is BackendProtocol.Grpc or BackendProtocol.Grpcs or BackendProtocol.H2c;
        var next = policies.NextUpstream;
        Conditions = next?.Conditions ?? defaultConditions;
        Tries = next?.Tries ?? options.ProxyNextUpstreamTries;
        NextUpstreamTimeout = next?.Timeout ?? options.ProxyNextUpstreamTimeout;
        Ssl = policies.ProxySsl;
        RequestBuffering = policies.ProxyRequestBuffering ?? options.ProxyRequestBuffering;
        CustomHeaders = policies.CustomHeaders;

        // YARP has one idle timer per exchange: proxy-read-timeout, or the larger of it and
        // proxy-send-timeout while a request body is sent.
        var version = Http2 ? HttpVersion.Version20 : HttpVersion.Version11;
        var policy = Http2 ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower;
        Config = new ForwarderRequestConfig { ActivityTimeout = ReadTimeout, Version = version, VersionPolicy = policy };
        BodyConfig = send > ReadTimeout ? Config with { ActivityTimeout = send } : Config;
    }

    public TimeSpan ConnectTimeout { get; }

    public TimeSpan ReadTimeout { get; }

    public BackendProtocol Protocol { get; }

    /// <summary>Whether the handler opens TLS itself, to <c>https://</c> destinations: HTTP/2 over TLS (GRPCS).</summary>
    public bool HandlerTls => Protocol == BackendProtocol.Grpcs;

    /// <summary>Whether the backend is spoken to in HTTP/2 (GRPC, GRPCS, H2C).</summary>
    public bool Http2 { get; }

    public NextUpstreamConditions Conditions { get; }

    /// <summary>Endpoints tried in all; 0 = every one.</summary>
    public int Tries { get; }

    public TimeSpan NextUpstreamTimeout { get; }

    public ProxySsl? Ssl { get; }

    /// <summary><c>proxy-request-buffering</c>: read a small body whole before the first try.</summary>
    public bool RequestBuffering { get; }

    public (string Namespace, string Name)? CustomHeaders { get; }

    /// <summary>The exchange's config for a request without a body.</summary>
    public ForwarderRequestConfig Config { get; }

    /// <summary>The exchange's config for a request with a body.</summary>
    public ForwarderRequestConfig BodyConfig { get; }

    /// <summary>Whether the connection to the backend is TLS, for a request that came in with <paramref name="scheme"/>.</summary>
    public bool UsesTls(string scheme) => Protocol switch
    {
        BackendProtocol.Https or BackendProtocol.Grpcs => true,
        BackendProtocol.AutoHttp => string.Equals(scheme, "https", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// The client for a TLS backend: with <c>proxy-ssl-secret</c>, the Secret of
    /// <paramref name="secrets"/> it names (worked out again when the Secrets change); or why the
    /// location is denied (a missing Secret or <c>ca.crt</c> when verifying), as ingress-nginx denies it.
    /// </summary>
    /// <param name="clients">Where the clients are made.</param>
    /// <param name="secrets">The snapshot's TLS Secrets.</param>
    /// <param name="service">The Service port, for <paramref name="denied"/>.</param>
    /// <param name="denied">Told (Service port, why), once per set of Secrets, when the location is denied.</param>
    public (HttpMessageInvoker? Client, string? Problem) TlsClient(BackendClients clients, IReadOnlyList<TlsSecret> secrets, string service, Action<string, string> denied)
    {
        var resolution = _tls;
        if (resolution is null || !ReferenceEquals(resolution.Secrets, secrets))
        {
            resolution = ResolveTls(clients, secrets);
            _tls = resolution;
            if (resolution.Problem is { } problem)
            {
                denied(service, problem);
            }
        }

        return (resolution.Client, resolution.Problem);
    }

    /// <summary>The client for a plain-text backend, looked up once.</summary>
    public HttpMessageInvoker PlainClient(BackendClients clients) =>
        _plainClient ??= clients.Get(ConnectTimeout, tls: null);

    private TlsResolution ResolveTls(BackendClients clients, IReadOnlyList<TlsSecret> secrets)
    {
        if (Ssl is not { } ssl)
        {
            return new TlsResolution(secrets, clients.Get(ConnectTimeout, BackendTls.Unverified, HandlerTls), null);
        }

        var secret = secrets.FirstOrDefault(s => s.Namespace == ssl.SecretNamespace && s.Name == ssl.Secret);
        if (secret is null)
        {
            return new TlsResolution(secrets, null, $"proxy-ssl-secret {ssl.SecretNamespace}/{ssl.Secret} was not found");
        }

        if (ssl.Verify && secret.CaCertificatePem is null)
        {
            return new TlsResolution(secrets, null, $"proxy-ssl-secret {ssl.SecretNamespace}/{ssl.Secret} has no ca.crt to verify the backend with");
        }

        var tls = new BackendTls(ssl.Verify, ssl.VerifyDepth, ssl.ServerName, ssl.SendServerName, ssl.Protocols,
            secret.CaCertificatePem, secret.CertificatePem, secret.PrivateKeyPem);
        try
        {
            return new TlsResolution(secrets, clients.Get(ConnectTimeout, tls, HandlerTls), null);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return new TlsResolution(secrets, null, $"proxy-ssl-secret {ssl.SecretNamespace}/{ssl.Secret} cannot be used: {e.Message}");
        }
    }

    private sealed record TlsResolution(IReadOnlyList<TlsSecret> Secrets, HttpMessageInvoker? Client, string? Problem);
}
