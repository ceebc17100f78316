using System.Globalization;
using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Matching;

/// <summary>Many hosts (the open-addressing host index probes and wraps) and deep, wide path trees.</summary>
public sealed class LargeTableTests
{
    [Fact]
    public void Every_one_of_thousands_of_exact_and_wildcard_hosts_is_found_in_any_case_and_nothing_else_is()
    {
        var exact = Enumerable.Range(0, 3000).Select(i => $"h{i.ToString(CultureInfo.InvariantCulture)}.example.com").ToList();
        var wildcards = Enumerable.Range(0, 700).Select(i => $"*.w{i.ToString(CultureInfo.InvariantCulture)}.example.net").ToList();
        var table = RouteTable.Build(
        [
            Ingress("exact", [.. exact.Select(h => Rule(h, Exact("/", h.Replace('.', '-'), 80)))]),
            Ingress("wildcards", [.. wildcards.Select(h => Rule(h, Exact("/", "w-" + h[2..].Replace('.', '-'), 80)))]),
        ]);

        Assert.All(exact, h => Assert.Equal(h.Replace('.', '-'), table.Match(h.ToUpperInvariant() + ":80", "/").Route?.Backend.ServiceName));
        Assert.All(wildcards, h => Assert.Equal("w-" + h[2..].Replace('.', '-'), table.Match("Tenant" + h[1..], "/").Route?.Backend.ServiceName));
        Assert.All(
            Enumerable.Range(3000, 500).Select(i => $"h{i.ToString(CultureInfo.InvariantCulture)}.example.com")
                .Concat(Enumerable.Range(0, 700).Select(i => $"w{i.ToString(CultureInfo.InvariantCulture)}.example.net"))
                .Concat(Enumerable.Range(0, 300).Select(i => $"a.b.w{i.ToString(CultureInfo.InvariantCulture)}.example.net")),
            h => Assert.Equal(RouteMatchStatus.NotFound, table.Match(h, "/").Status));
    }

    [Fact]
    public void A_deep_path_matches_element_by_element()
    {
        var elements = Enumerable.Range(0, 60).Select(i => "e" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var paths = Enumerable.Range(1, elements.Count).Select(n => "/" + string.Join('/', elements.Take(n))).ToList();
        var table = RouteTable.Build(
        [
            Ingress("deep", Rule("deep.example.com", [.. paths.Select((p, i) => i % 2 == 0 ? Prefix(p, "p" + i.ToString(CultureInfo.InvariantCulture), 80) : Exact(p, "x" + i.ToString(CultureInfo.InvariantCulture), 80))])),
        ]);

        for (var i = 0; i < paths.Count; i++)
        {
            var name = table.Match("deep.example.com", paths[i]).Route?.Backend.ServiceName;
            Assert.Equal((i % 2 == 0 ? "p" : "x") + i.ToString(CultureInfo.InvariantCulture), name);

            // One element more: an Exact route no longer matches, the deepest Prefix at or above it does.
            var below = table.Match("deep.example.com", paths[i] + "/zz").Route?.Backend.ServiceName;
            Assert.Equal("p" + (i % 2 == 0 ? i : i - 1).ToString(CultureInfo.InvariantCulture), below);
        }
    }

    [Fact]
    public void A_node_with_hundreds_of_children_finds_each_child_and_only_whole_elements()
    {
        var names = Enumerable.Range(0, 400).Select(i => "item" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var table = RouteTable.Build(
        [
            Ingress("wide", Rule("wide.example.com", [.. names.Select(n => Prefix("/catalog/" + n, n, 80))])),
        ]);

        Assert.All(names, n => Assert.Equal(n, table.Match("wide.example.com", "/catalog/" + n + "/detail").Route?.Backend.ServiceName));
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("wide.example.com", "/catalog/item1x").Status);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("wide.example.com", "/catalog/ITEM1").Status);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("wide.example.com", "/catalog").Status);
    }
}
