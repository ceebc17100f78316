using System.Collections.Concurrent;
using System.Net;
using IngressCore.Model;
using IngressCore.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// Writes <c>status.loadBalancer.ingress</c> of the Ingresses the runtime serves, as ingress-nginx
/// does with <c>--publish-status-address</c>: only Ingresses of the watched cluster that the
/// current route table holds, and only when the status the watch shows differs. It follows new
/// snapshots and status changes; a write is a read then an update of the status subresource
/// (the <c>update</c> verb on <c>ingresses/status</c>, as ingress-nginx's RBAC grants it).
/// </summary>
internal sealed partial class IngressStatusPublisher : IHostedService, IDisposable
{
    private const int ParallelWrites = 4;

    private readonly KubernetesClusterProvider _provider;
    private readonly IngressRuntime _runtime;
    private readonly IReadOnlyList<string> _addresses;
    private readonly string _desired;
    private readonly KubernetesClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;

    // The status each Ingress showed when it was last written: not written again until the watch shows another one.
    private readonly ConcurrentDictionary<(string Namespace, string Name), string> _written = new();

    private readonly ChangeSignal _changed = new();
    private IDisposable? _subscription;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public IngressStatusPublisher(
        KubernetesClusterProvider provider, IngressRuntime runtime, KubernetesClusterOptions options, TimeProvider time, ILogger logger)
    {
        _provider = provider;
        _runtime = runtime;
        _options = options;
        _addresses = PublishAddresses.Parse(options.PublishAddress!).Addresses;
        _desired = string.Join(',', _addresses);
        _time = time;
        _logger = logger;
        _backoff = new Backoff(options.InitialBackoff, options.MaxBackoff);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null)
        {
            return Task.CompletedTask;
        }

        _subscription = ChangeToken.OnChange(_runtime.GetChangeToken, Signal);
        _provider.IngressStatusChanged += Signal;
        _stopping = new CancellationTokenSource();
        var stopping = _stopping.Token;
        _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);
        Signal();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Unsubscribe();
        if (_stopping is not { } stopping || _loop is null)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        Unsubscribe();
        _stopping?.Cancel();
    }

    private void Unsubscribe()
    {
        _provider.IngressStatusChanged -= Signal;
        _subscription?.Dispose();
    }

    private void Signal() => _changed.Set();

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await _changed.WaitAsync(stopping).ConfigureAwait(false);
                if (await WriteRoundAsync(stopping).ConfigureAwait(false))
                {
                    _backoff.Reset();
                    continue;
                }

                var wait = _backoff.Next();
                LogRetry(wait.TotalSeconds);
                await Task.Delay(wait, _time, stopping).ConfigureAwait(false);
                Signal();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Writes the status of every served Ingress that shows another one; returns whether every write went through.</summary>
    private async Task<bool> WriteRoundAsync(CancellationToken stopping)
    {
        if (_provider.Api is not { } api)
        {
            return true;
        }

        var due = new List<(IngressDefinition Ingress, string Seen)>();
        foreach (var ingress in _runtime.Current.Routes.Ingresses)
        {
            var key = (ingress.Namespace, ingress.Name);
            if (!_provider.TryGetIngressStatus(ingress.Namespace, ingress.Name, out var seen))
            {
                continue; // not an object of the watched cluster
            }

            if (seen == _desired)
            {
                _written.TryRemove(key, out _);
            }
            else if (!_written.TryGetValue(key, out var before) || before != seen)
            {
                due.Add((ingress, seen));
            }
        }

        var ok = true;
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = stopping },
            async (item, cancel) =>
            {
                if (!await WriteAsync(api, item.Ingress, cancel).ConfigureAwait(false))
                {
                    ok = false;
                    return;
                }

                _written[(item.Ingress.Namespace, item.Ingress.Name)] = item.Seen;
            }).ConfigureAwait(false);
        return ok;
    }

    private async Task<bool> WriteAsync(ApiClient api, IngressDefinition ingress, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            var current = await api.Typed.NetworkingV1.ReadNamespacedIngressAsync(ingress.Name, ingress.Namespace, cancellationToken: linked.Token).ConfigureAwait(false);
            current.Status ??= new V1IngressStatus();
            current.Status.LoadBalancer = new V1IngressLoadBalancerStatus
            {
                Ingress = [.. _addresses.Select(a => PublishAddresses.IsIp(a) ? new V1IngressLoadBalancerIngress { Ip = a } : new V1IngressLoadBalancerIngress { Hostname = a })],
            };
            await api.Typed.NetworkingV1.ReplaceNamespacedIngressStatusAsync(current, ingress.Name, ingress.Namespace, cancellationToken: linked.Token).ConfigureAwait(false);
            LogWritten(ingress.Namespace, ingress.Name, _desired);
            return true;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return true; // deleted meanwhile: the watch will say so
        }
        catch (HttpOperationException e)
        {
            // 409 when the Ingress changed between the read and the write; 403 without the update verb.
            LogWriteFailed(ingress.Namespace, ingress.Name, $"{(int?)e.Response?.StatusCode} {Printable.Of(e.Response?.Content, 300)}");
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException ||
                                  (e is OperationCanceledException && !stopping.IsCancellationRequested))
        {
            LogWriteFailed(ingress.Namespace, ingress.Name, ApiClient.Describe(e));
            return false;
        }
    }

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Ingress {Namespace}/{Name}: status.loadBalancer set to {Addresses}")]
    private partial void LogWritten(string @namespace, string name, string addresses);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "Ingress {Namespace}/{Name}: writing status.loadBalancer failed: {Reason}")]
    private partial void LogWriteFailed(string @namespace, string name, string reason);

    [LoggerMessage(EventId = 33, Level = LogLevel.Information, Message = "Ingress status: some writes failed; trying again in {Seconds:0.###} s")]
    private partial void LogRetry(double seconds);
}
