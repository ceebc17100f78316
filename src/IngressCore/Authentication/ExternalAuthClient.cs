using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IngressCore.Discovery;
using IngressCore.Model;

namespace IngressCore.Authentication;

/// <summary>
/// Sends auth subrequests with an <see cref="HttpMessageInvoker"/> of its own (a
/// <see cref="SocketsHttpHandler"/>: no redirects followed, no cookies, no proxy, no decompression).
/// Waits by the gateway's <see cref="TimeProvider"/>: the connection must be made within the connect
/// timeout and the answer's headers must come within the read timeout of the start; otherwise the
/// answer is an error (500 to the client, never a pass). A host of the form
/// <c>SERVICE.NAMESPACE.svc[.cluster domain]</c> is resolved to a ready endpoint of that Service
/// in the snapshot, as kube-proxy would, so <c>serve</c> outside a cluster reaches what the
/// manifests describe; any other host goes to DNS.
/// </summary>
internal sealed class ExternalAuthClient : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Func<ServiceCatalog> _services;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _readTimeout;
    private readonly string _clusterSuffix;
    private readonly ConcurrentDictionary<TimeSpan, HttpMessageInvoker> _invokers = new();

    public ExternalAuthClient(TimeProvider time, Func<ServiceCatalog> services, TimeSpan connectTimeout, TimeSpan readTimeout, string clusterDomain)
    {
        _time = time;
        _services = services;
        _connectTimeout = connectTimeout;
        _readTimeout = readTimeout;
        _clusterSuffix = ".svc." + clusterDomain;
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads the status and headers of the answer. Never throws
    /// for the auth service's faults: they become <see cref="ExternalAuthOutcome.Error"/>.
    /// </summary>
    /// <param name="request">The subrequest.</param>
    /// <param name="keepalive">Whether the connection may be reused (<c>auth-keepalive</c> above 0).</param>
    /// <param name="keepaliveTimeout">How long an idle reused connection is kept.</param>
    /// <param name="aborted">The client went away.</param>
    public async Task<ExternalAuthAnswer> SendAsync(HttpRequestMessage request, bool keepalive, TimeSpan keepaliveTimeout, CancellationToken aborted)
    {
        if (!keepalive)
        {
            request.Headers.ConnectionClose = true;
        }

        var invoker = _invokers.GetOrAdd(keepalive ? keepaliveTimeout : TimeSpan.Zero, CreateInvoker);
        using var timeout = new CancellationTokenSource(_readTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, timeout.Token);
        try
        {
            using var response = await invoker.SendAsync(request, linked.Token).ConfigureAwait(false);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var (name, values) in response.Headers)
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value));
                }
            }

            var status = (int)response.StatusCode;
            var outcome = ExternalAuthAnswer.OutcomeOf(status);
            return new ExternalAuthAnswer(status, outcome, headers, outcome == ExternalAuthOutcome.Error ? $"the auth service answered {status}" : null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            return ExternalAuthAnswer.Failed($"the auth service did not answer within {_readTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return ExternalAuthAnswer.Failed($"the auth service could not be reached ({e.Message.TrimEnd('.')})");
        }
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers.Values)
        {
            invoker.Dispose();
        }
    }

    private HttpMessageInvoker CreateInvoker(TimeSpan idle) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = idle > TimeSpan.Zero ? idle : TimeSpan.FromSeconds(1),
        ConnectCallback = ConnectAsync,
    });

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = Resolve(context.DnsEndPoint);
        using var timeout = new CancellationTokenSource(_connectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, linked.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new HttpRequestException($"connecting to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port} took longer than {_connectTimeout.TotalSeconds:0.###} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A Service's ready endpoint for <c>SERVICE.NAMESPACE.svc</c> names the snapshot knows; the name itself otherwise.</summary>
    private EndPoint Resolve(DnsEndPoint target)
    {
        var host = target.Host.TrimEnd('.');
        var service = host.EndsWith(_clusterSuffix, StringComparison.OrdinalIgnoreCase) ? host[..^(_clusterSuffix.Length - 4)]
            : host.EndsWith(".svc", StringComparison.OrdinalIgnoreCase) ? host
            : null;
        if (service is null)
        {
            return target;
        }

        var labels = service.Split('.');
        if (labels.Length != 3)
        {
            return target;
        }

        var catalog = _services();
        var (name, ns) = (labels[0].ToLowerInvariant(), labels[1].ToLowerInvariant());
        if (catalog.FindService(ns, name) is null)
        {
            return target;
        }

        var endpoints = catalog.Resolve(ns, IngressBackend.ForService(name, target.Port));
        if (endpoints.Endpoints.Count == 0)
        {
            throw new HttpRequestException(endpoints.Problem ?? $"Service {ns}/{name} has no ready endpoint");
        }

        return endpoints.Endpoints[Random.Shared.Next(endpoints.Endpoints.Count)].EndPoint;
    }
}
