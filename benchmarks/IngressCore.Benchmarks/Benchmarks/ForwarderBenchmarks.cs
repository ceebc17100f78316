using System.Collections.Frozen;
using System.Net;
using System.Net.Http;
using BenchmarkDotNet.Attributes;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.Forwarding;
using IngressCore.Model;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace IngressCore.Benchmarks.Benchmarks;

/// <summary>
/// The forwarder's own per-request cost, without the network: <c>ServiceForwarder.ForwardAsync</c>
/// for a routed request (upstream lookup, endpoint pick, the upstream feature, the request's
/// headers and target made by its transformer, the response transform), with an
/// <see cref="IHttpForwarder"/> that runs the transformer on a fresh <see cref="HttpRequestMessage"/>
/// and a canned answer instead of sending. What YARP and the sockets add comes on top; the e2e
/// script (benchmarks/e2e/run.sh, row proxy) measures the whole.
/// </summary>
[MemoryDiagnoser]
public class ForwarderBenchmarks
{
    private static readonly HttpResponseMessage Answer = new(HttpStatusCode.OK);

    private readonly Dictionary<string, (HttpContext Context, IIngressRouteFeature Feature)> _requests = [];
    private ServiceForwarder _forwarder = null!;

    /// <summary>Builds a snapshot with one Service of three endpoints behind four Ingresses, one per balancing, and a request for each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] hosts = ["rr.example", "ewma.example", "hash.example", "sticky.example"];
        var annotations = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["rr.example"] = FrozenDictionary<string, string>.Empty,
            ["ewma.example"] = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/load-balance"] = "ewma" },
            ["hash.example"] = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/upstream-hash-by"] = "$request_uri" },
            ["sticky.example"] = new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/affinity"] = "cookie" },
        };
        var objects = new IngressObjects
        {
            Ingresses = [.. hosts.Select((host, i) => new IngressDefinition
            {
                Namespace = "default",
                Name = "web" + i,
                IngressClassName = "ingresscore",
                CreationTimestamp = DateTimeOffset.UnixEpoch.AddMinutes(i),
                Annotations = annotations[host],
                Rules = [new IngressRule { Host = host, Paths = [new IngressPath { Path = "/", PathType = PathType.Prefix, Backend = IngressBackend.ForService("app", 80) }] }],
            })],
            Services = [new ServiceDefinition { Namespace = "default", Name = "app", Ports = [new ServicePortDefinition { Port = 80, TargetPort = "8080" }] }],
            EndpointSlices = [.. Enumerable.Range(1, 3).Select(i => new EndpointSliceDefinition
            {
                Namespace = "default",
                Name = "app-" + i,
                ServiceName = "app",
                Ports = [new EndpointPortDefinition { Port = 8080 }],
                Endpoints = [new EndpointDefinition { Address = "10.0.0." + i }],
            })],
        };
        var snapshot = IngressSnapshot.Build(objects);
        var runtime = new IngressRuntime(snapshot);
        _forwarder = new ServiceForwarder(new NoNetwork(), Options.Create(new ForwardingOptions()), runtime, TimeProvider.System, NullLogger<ServiceForwarder>.Instance);
        var decider = new IngressRequestDecider();
        foreach (var host in hosts)
        {
            var context = new DefaultHttpContext();
            context.Request.Method = "GET";
            context.Request.Scheme = "http";
            context.Request.Host = new HostString(host);
            context.Request.Path = "/api/orders/42";
            context.Request.Headers.UserAgent = "wrk";
            context.Request.Headers.Accept = "*/*";
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            context.Connection.LocalPort = 80;
            var forwarded = new ForwardedRequest("http", IPAddress.Loopback, null);
            var decision = decider.Decide(snapshot.Routes, snapshot.Certificates, new HttpIngressRequest(context, host, "/api/orders/42", forwarded));
            var feature = new IngressRouteFeature().Set(snapshot, decision, forwarded, host);
            _requests[host] = (context, feature);
        }

        // Affinity: the second request carries the cookie the first one set.
        var sticky = _requests["sticky.example"].Context;
        Run("sticky.example").GetAwaiter().GetResult();
        var cookie = sticky.Response.Headers.SetCookie.ToString().Split(';')[0];
        sticky.Request.Headers.Cookie = cookie;
        sticky.Response.Headers.Clear();
    }

    /// <summary>Round-robin, no annotation.</summary>
    /// <returns>The forward.</returns>
    [Benchmark(Baseline = true)]
    public Task Forward_RoundRobin() => Run("rr.example");

    /// <summary><c>load-balance: ewma</c>.</summary>
    /// <returns>The forward.</returns>
    [Benchmark]
    public Task Forward_Ewma() => Run("ewma.example");

    /// <summary><c>upstream-hash-by: $request_uri</c>.</summary>
    /// <returns>The forward.</returns>
    [Benchmark]
    public Task Forward_HashByUri() => Run("hash.example");

    /// <summary><c>affinity: cookie</c>, the request carrying its cookie.</summary>
    /// <returns>The forward.</returns>
    [Benchmark]
    public Task Forward_StickyCookie() => Run("sticky.example");

    private Task Run(string host)
    {
        var (context, feature) = _requests[host];
        context.Features.Set(feature);
        context.Response.StatusCode = 200;
        return _forwarder.ForwardAsync(context);
    }

    /// <summary>Runs the transformer as YARP would around a send, and answers 200 without a network.</summary>
    private sealed class NoNetwork : IHttpForwarder
    {
        public async ValueTask<ForwarderError> SendAsync(
            HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient, ForwarderRequestConfig requestConfig, HttpTransformer transformer)
        {
            using var request = new HttpRequestMessage();
            await transformer.TransformRequestAsync(context, request, destinationPrefix, CancellationToken.None);
            context.Response.StatusCode = (int)Answer.StatusCode;
            await transformer.TransformResponseAsync(context, Answer, CancellationToken.None);
            return ForwarderError.None;
        }
    }
}
