using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Kubernetes.Tests.Support;
using IngressCore.Matching;

namespace IngressCore.Kubernetes.Tests;

/// <summary>
/// An address-list annotation written as a YAML block scalar (<c>|</c>, so with a trailing
/// newline), from the manifest file through the loader to the route table: ingress-nginx trims
/// every item of the list (<c>strings.TrimSpace</c> in <c>net.ParseIPNets</c>), so the Ingress is
/// served with its ranges; a list that is still invalid refuses the Ingress, never opens it.
/// </summary>
public sealed class BlockScalarAnnotationTests
{
    private const string Field = "metadata.annotations[nginx.ingress.kubernetes.io/whitelist-source-range]";

    private static string Manifest(string annotation) => """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: admin
          namespace: shop
          annotations:
        ANNOTATION
        spec:
          rules:
          - host: admin.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: admin, port: {number: 80}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: public
          namespace: shop
        spec:
          rules:
          - host: www.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: web, port: {number: 80}}}
        """.Replace("ANNOTATION", annotation, StringComparison.Ordinal);

    [Fact]
    public void A_source_range_in_a_block_scalar_is_served_with_its_ranges()
    {
        var set = Loaded.From(Manifest("""
                nginx.ingress.kubernetes.io/whitelist-source-range: |
                  10.0.0.0/8,
                  192.168.0.0/16
            """)).Clean();
        Assert.Equal("10.0.0.0/8,\n192.168.0.0/16\n", set.Ingresses.Single(i => i.Name == "admin").Annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]);

        var table = RouteTable.Build(set.Ingresses);

        Assert.DoesNotContain(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var match = table.Match("admin.example.com", "/");
        Assert.Equal(RouteMatchStatus.Matched, match.Status);
        Assert.Equal(["10.0.0.0/8", "192.168.0.0/16"], match.Policies.Allowlist!.Networks.Select(n => n.ToString()));
    }

    [Fact]
    public void A_single_range_in_a_block_scalar_is_served_too()
    {
        var set = Loaded.From(Manifest("""
                nginx.ingress.kubernetes.io/whitelist-source-range: |
                  10.0.0.0/8
            """)).Clean();

        var match = RouteTable.Build(set.Ingresses).Match("admin.example.com", "/");

        Assert.Equal(RouteMatchStatus.Matched, match.Status);
        Assert.Equal("10.0.0.0/8", Assert.Single(match.Policies.Allowlist!.Networks).ToString());
    }

    [Theory]
    [InlineData("  10.0.0.0/8\n  10.1.0.0/16", "the value contains the control character U+000A")]
    [InlineData("  10.0.0.0/33", "has the entry '10.0.0.0/33', which has an invalid prefix length (0-32)")]
    [InlineData("  10.0.0.0/8,\n  not-an-address", "has the entry 'not-an-address', which is not an IPv4 or IPv6 address or CIDR range")]
    public void A_block_scalar_that_is_still_invalid_refuses_the_Ingress(string lines, string reason)
    {
        var set = Loaded.From(Manifest("    nginx.ingress.kubernetes.io/whitelist-source-range: |\n" + string.Join('\n', lines.Split('\n').Select(l => "    " + l)))).Clean();

        var table = RouteTable.Build(set.Ingresses);

        var error = Assert.Single(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("shop", "admin", Field), (error.Namespace, error.Name, error.Field));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(set.Files[0], error.File);
        // Fails closed: the host is not served at all, rather than served without its allowlist.
        Assert.Equal("public", Assert.Single(table.Ingresses).Name);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("admin.example.com", "/").Status);
    }
}
