using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Matching;

/// <summary><see cref="RouteTable.Match"/> allocates nothing, on every kind of outcome.</summary>
public sealed class AllocationTests
{
    private const int Iterations = 20_000;

    public static TheoryData<string, string, RouteMatchStatus> Requests => new()
    {
        { "shop.example.com", "/api/v1/items", RouteMatchStatus.Matched },
        { "SHOP.Example.com:8443", "/s7/x", RouteMatchStatus.Matched },
        { "tenant-1.example.com", "/dashboard", RouteMatchStatus.Matched },
        { "shop.example.com", "/nothing/here", RouteMatchStatus.NotFound },
        { "unknown.example.org", "/x", RouteMatchStatus.NotFound },
        { "blog.example.org", "/x", RouteMatchStatus.DefaultBackend },
        { "shop.example.com", "/api//v1/./x/../items%2Fall?page=2", RouteMatchStatus.Matched },
        { "shop.example.com", "/a/../..", RouteMatchStatus.BadRequest },
        { "shop.example.com", "/api/v1" + string.Concat(Enumerable.Repeat("/x/..", 200)) + "/items", RouteMatchStatus.Matched },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Match_allocates_nothing(string host, string path, RouteMatchStatus status)
    {
        var table = RouteTable.Build(
        [
            Ingress(
                "shop",
                Rule(
                    "shop.example.com",
                    [
                        Prefix("/api/v1", "api", 80),
                        Exact("/api/v1/items", "items", 80),
                        .. Enumerable.Range(0, 12).Select(i => Prefix($"/s{i}", $"s{i}", 80)), // a node with many children (hashed lookup)
                    ])),
            Ingress("tenants", Rule("*.example.com", Prefix("/", "tenants", 80))),
            Ingress("blog", Rule("blog.example.org", Exact("/", "blog", 80))) with { DefaultBackend = IngressCore.Model.IngressBackend.ForService("blog-default", 80) },
        ]);
        Assert.Equal(status, table.Match(host, path).Status);

        for (var i = 0; i < Iterations; i++)
        {
            table.Match(host, path);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            table.Match(host, path);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
