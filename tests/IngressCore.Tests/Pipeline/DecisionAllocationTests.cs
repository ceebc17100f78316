using System.Collections.Frozen;
using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Tls;

namespace IngressCore.Tests.Pipeline;

/// <summary>
/// The request decision allocates nothing on the hot path: a plain route, a canary chosen by
/// header or by the weight draw, a rewrite without captures, a regex-mode host, and the 404.
/// </summary>
public sealed class DecisionAllocationTests
{
    private const int Iterations = 20_000;

    private static readonly RouteTable Table = RouteTable.Build(
    [
        Annotated(Ingress("shop", Rule("shop.example.com", Prefix("/api", "api", 80), Prefix("/", "web", 80))), 1),
        Annotated(Ingress("shop-canary", Rule("shop.example.com", Prefix("/api", "api-v2", 80))), 2,
            ("canary", "true"), ("canary-by-header", "X-Canary"), ("canary-weight", "30")),
        Annotated(Ingress("legacy", Rule("legacy.example.com", Prefix("/old", "legacy", 80))), 3, ("rewrite-target", "/new")),
        Annotated(Ingress("regex", Rule("regex.example.com", Specific("/v[0-9]+/items", "items", 80), Prefix("/v1", "v1", 80))), 4,
            ("use-regex", "true")),
    ]);

    private static readonly SniCertificateStore Certificates = SniCertificateStore.Build(Table.Ingresses, []);

    public static TheoryData<string, string, string?, string, bool> Requests => new()
    {
        { "shop.example.com", "/api/orders/42", "always", "api-v2", true },
        { "shop.example.com", "/api/orders/42", "never", "api", false },
        { "shop.example.com", "/", null, "web", false },
        { "legacy.example.com", "/old/page", null, "legacy", false },
        { "regex.example.com", "/V7/items/3", null, "items", false },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Decide_allocates_nothing(string host, string target, string? canaryHeader, string service, bool canary)
    {
        var decider = new IngressRequestDecider(canarySeed: 1);
        var request = new Request(host, target, canaryHeader);
        var decision = decider.Decide(Table, Certificates, request);
        Assert.Equal(IngressDecisionKind.Backend, decision.Kind);
        Assert.Equal(service, decision.Route?.Backend.ServiceName);
        Assert.Equal(canary, decision.IsCanary);

        Assert.Equal(0, AllocatedBy(() => decider.Decide(Table, Certificates, request)));
    }

    [Fact]
    public void A_weighted_canary_draw_and_a_404_allocate_nothing()
    {
        var decider = new IngressRequestDecider();
        var weighted = new Request("shop.example.com", "/api/x", null);
        var missing = new Request("nowhere.example.com", "/x", null);
        Assert.Equal(IngressDecisionKind.Status, decider.Decide(Table, Certificates, missing).Kind);

        Assert.Equal(0, AllocatedBy(() => decider.Decide(Table, Certificates, weighted)));
        Assert.Equal(0, AllocatedBy(() => decider.Decide(Table, Certificates, missing)));
    }

    [Fact]
    public void The_rewrite_without_captures_is_the_target_itself()
    {
        var decision = new IngressRequestDecider().Decide(Table, Certificates, new Request("legacy.example.com", "/old/page", null));

        Assert.True(decision.IsRewritten);
        Assert.Equal("/new", decision.UpstreamTarget);
    }

    private static long AllocatedBy(Action decide)
    {
        for (var i = 0; i < Iterations; i++)
        {
            decide();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            decide();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static IngressDefinition Annotated(IngressDefinition ingress, int minute, params (string Name, string Value)[] annotations) =>
        ingress with
        {
            CreationTimestamp = At(minute),
            Annotations = annotations.ToFrozenDictionary(a => "nginx.ingress.kubernetes.io/" + a.Name, a => a.Value),
        };

    /// <summary>A request view as a struct, as the middleware's: deciding must not box it.</summary>
    private readonly struct Request(string host, string target, string? canaryHeader) : IIngressRequest
    {
        public string Scheme => "http";

        public string Host => host;

        public string Target => target;

        public int ServerPort => 80;

        public string? ForwardedHost => null;

        public string? GetHeader(string name) => name == "X-Canary" ? canaryHeader : null;

        public string? GetCookie(string name) => null;
    }
}
