using BenchmarkDotNet.Attributes;
using IngressCore.Annotations;
using IngressCore.Benchmarks.RouteSets;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Tls;

namespace IngressCore.Benchmarks.Benchmarks;

/// <summary>
/// Per-request cost of <see cref="IngressRequestDecider.Decide{TRequest}(RouteTable, SniCertificateStore, TRequest)"/>
/// (match, redirects, rewrite, HTTPS redirect, canary choice) on the saas route set with
/// ingress-nginx annotations on a few Ingresses, and of <see cref="CanaryDecider.Decide{TRequest}"/>
/// alone. The request is a struct <see cref="IIngressRequest"/> with one fixed header and one fixed
/// cookie, so the figures are the engine's, not a dictionary's. Plain, canary, rewrite-without-captures
/// and CanaryDecider allocate nothing (benchmarks/gate.py checks 0 B); a rewrite with captures
/// allocates its new request-target by design.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    // The production draw (Random.Shared), as the middleware uses by default.
    private readonly IngressRequestDecider _decider = new();
    private RouteTable _table = null!;
    private SniCertificateStore _certificates = null!;
    private CanaryRules _canaryRules = null!;
    private Request _plain;
    private Request _canary;
    private Request _rewrite;
    private Request _capture;

    /// <summary>Builds the annotated saas table and checks each request's decision.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var ingresses = AnnotatedSaas.Ingresses();
        var table = RouteTable.Build(ingresses);
        if (table.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("annotated saas: " + string.Join("; ", table.Diagnostics));
        }

        _table = table;
        _certificates = SniCertificateStore.Build(ingresses, []);
        _plain = new Request(AnnotatedSaas.PlainHost, "/api/orders/42");
        _canary = new Request(AnnotatedSaas.CanaryHost, "/api/orders/42");
        _rewrite = new Request(AnnotatedSaas.RewriteHost, "/api/orders/42");
        _capture = new Request(AnnotatedSaas.CaptureHost, "/api/orders/42");

        Expect(_plain, d => d.Route?.Backend.ServiceName == "svc-10" && !d.IsCanary && d.UpstreamTarget == "/api/orders/42");
        Expect(_canary, d => d.CanaryRule == "canary-weight" && d.UpstreamTarget == "/api/orders/42");
        Expect(_rewrite, d => d.IsRewritten && d.UpstreamTarget == "/");
        Expect(_capture, d => d.IsRewritten && d.UpstreamTarget == "/orders/42");

        var primary = table.Match(AnnotatedSaas.CanaryHost, "/api/orders/42").Route!;
        _canaryRules = primary.Canary?.Policies.Canary
            ?? throw new InvalidOperationException("annotated saas: the canary did not attach to " + AnnotatedSaas.CanaryHost);
    }

    /// <summary>(a) A plain route: match and no policy.</summary>
    /// <returns>The decision kind.</returns>
    [Benchmark(Baseline = true)]
    public IngressDecisionKind Decide_Plain() => _decider.Decide(_table, _certificates, _plain).Kind;

    /// <summary>(b) A route with a canary by header and weight; the request has no such header, so the weight draws.</summary>
    /// <returns>Whether the canary was chosen.</returns>
    [Benchmark]
    public bool Decide_CanaryWeight() => _decider.Decide(_table, _certificates, _canary).IsCanary;

    /// <summary>(c) <c>rewrite-target: /</c>: regex-mode match, a literal target, no query string.</summary>
    /// <returns>The upstream request-target.</returns>
    [Benchmark]
    public string? Decide_RewriteLiteral() => _decider.Decide(_table, _certificates, _rewrite).UpstreamTarget;

    /// <summary>(d) <c>rewrite-target: /$2</c>: the captures build a new request-target (allocates by design).</summary>
    /// <returns>The upstream request-target.</returns>
    [Benchmark]
    public string? Decide_RewriteCaptures() => _decider.Decide(_table, _certificates, _capture).UpstreamTarget;

    /// <summary><see cref="CanaryDecider"/> alone: header absent, cookie absent, weight draw.</summary>
    /// <returns>Whether the canary was chosen.</returns>
    [Benchmark]
    public bool CanaryDecider_Weight() => CanaryDecider.Decide(_canaryRules, _canary, _decider.CanaryRandom).UseCanary;

    private void Expect(Request request, Func<IngressDecision, bool> check)
    {
        var decision = _decider.Decide(_table, _certificates, request);
        if (decision.Kind != IngressDecisionKind.Backend || !check(decision))
        {
            throw new InvalidOperationException($"{request.Host}{request.Target}: unexpected decision {decision}");
        }
    }

    /// <summary>A request view with one fixed header and one fixed cookie (neither of them the canary's).</summary>
    private readonly struct Request(string host, string target) : IIngressRequest
    {
        public string Scheme => "https";

        public string Host { get; } = host;

        public string Target { get; } = target;

        public int ServerPort => 443;

        public string? ForwardedHost => null;

        public string? GetHeader(string name) =>
            string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase) ? "bench/1.0" : null;

        public string? GetCookie(string name) =>
            string.Equals(name, "session", StringComparison.Ordinal) ? "abc123" : null;
    }
}
