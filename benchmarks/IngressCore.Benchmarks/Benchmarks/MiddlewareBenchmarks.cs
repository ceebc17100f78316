using System.Net;
using BenchmarkDotNet.Attributes;
using IngressCore.Benchmarks.RouteSets;
using IngressCore.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IngressCore.Benchmarks.Benchmarks;

/// <summary>
/// The routing middleware's own cost per request: <c>UseIngressRouting</c> on the annotated saas set
/// (<see cref="AnnotatedSaas"/>), through a reused <see cref="DefaultHttpContext"/>, to an in-process
/// backend that answers nothing, beside ASP.NET Core's own pipeline with only that backend
/// (<see cref="Case.AspNetCore"/>, the baseline: what the framework costs and allocates without
/// IngressCore). A plain route, a canary by weight (the header absent), a literal rewrite, a rewrite
/// with captures (which builds its new request-target, by design) and a host no rule names (404).
/// Nobody listens to the telemetry (<see cref="TelemetryBenchmarks"/> has those cases).
/// </summary>
[MemoryDiagnoser]
public class MiddlewareBenchmarks
{
    private ServiceProvider _services = null!;
    private RequestDelegate _pipeline = null!;
    private DefaultHttpContext _context = null!;
    private IHttpRequestFeature _request = null!;
    private IHttpResponseFeature _response = null!;
    private string _host = null!;
    private string _target = null!;
    private int _expected;

    /// <summary>The request and the pipeline.</summary>
    public enum Case
    {
        /// <summary>ASP.NET Core's pipeline with only the backend: the baseline.</summary>
        AspNetCore,

        /// <summary>A route without annotations.</summary>
        Plain,

        /// <summary>A route with a canary by header and weight; no header, so the weight draws.</summary>
        Canary,

        /// <summary><c>rewrite-target: /</c>.</summary>
        RewriteLiteral,

        /// <summary><c>rewrite-target: /$2</c> on <c>/api(/|$)(.*)</c>.</summary>
        RewriteCaptures,

        /// <summary>A host no rule names: 404 from the middleware.</summary>
        NotFound,
    }

    /// <summary>The case.</summary>
    [Params(Case.AspNetCore, Case.Plain, Case.Canary, Case.RewriteLiteral, Case.RewriteCaptures, Case.NotFound)]
    public Case Request { get; set; }

    /// <summary>Builds the case's pipeline and checks its first answer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIngressRouting().LoadFromMemory(new IngressObjects { Ingresses = AnnotatedSaas.Ingresses() });
        _services = services.BuildServiceProvider();
        var app = new ApplicationBuilder(_services);
        if (Request != Case.AspNetCore)
        {
            app.UseIngressRouting();
            app.MapIngressBackendFallback(static b => b.Run(static _ => Task.CompletedTask));
        }
        else
        {
            app.Run(static _ => Task.CompletedTask);
        }

        _pipeline = app.Build();
        (_host, _expected) = Request switch
        {
            Case.AspNetCore or Case.Plain => (AnnotatedSaas.PlainHost, 200),
            Case.Canary => (AnnotatedSaas.CanaryHost, 200),
            Case.RewriteLiteral => (AnnotatedSaas.RewriteHost, 200),
            Case.RewriteCaptures => (AnnotatedSaas.CaptureHost, 200),
            _ => ("nobody.example.org", 404),
        };
        _target = "/api/orders/42";

        _context = new DefaultHttpContext { RequestServices = _services };
        _request = _context.Features.Get<IHttpRequestFeature>()!;
        _response = _context.Features.Get<IHttpResponseFeature>()!;

        // Kestrel keeps state across a connection's requests (the middleware's feature lives
        // there); a bare DefaultHttpContext does not, so the benchmark gives it what Kestrel gives.
        _context.Features.Set<IPersistentStateFeature>(new ConnectionState());
        _context.Request.Method = "GET";
        _context.Request.Scheme = "https";
        _context.Request.Headers.Host = _host;
        _context.Connection.RemoteIpAddress = IPAddress.Loopback;
        var status = Send();
        if (status != _expected)
        {
            throw new InvalidOperationException($"{Request}: the request was answered {status}, not {_expected}");
        }
    }

    /// <summary>Disposes the services.</summary>
    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>One request through the pipeline.</summary>
    /// <returns>The status.</returns>
    [Benchmark]
    public int Send()
    {
        // What a server sets for each request; the middleware may change the path it hands on.
        _request.Path = _target;
        _request.RawTarget = _target;
        _response.StatusCode = 200;
        var routed = _pipeline(_context);
        if (!routed.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("the pipeline did not complete synchronously");
        }

        return _response.StatusCode;
    }

    /// <summary>A connection's persistent state, as Kestrel offers it to each of its requests.</summary>
    private sealed class ConnectionState : IPersistentStateFeature
    {
        public IDictionary<object, object?> State { get; } = new Dictionary<object, object?>();
    }
}
