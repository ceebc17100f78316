using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Kubernetes.Tests.Support;
using IngressCore.Matching;

namespace IngressCore.Kubernetes.Tests;

/// <summary>The manifest folders under testassets/, read as a user's folder would be.</summary>
public sealed class TestAssetTests
{
    private static string Asset(string name) => Path.Combine(AppContext.BaseDirectory, "testassets", name);

    [Fact]
    public void The_shop_folder_loads_every_kind_and_builds_a_route_table()
    {
        var set = ManifestLoader.Load(Asset("shop"));

        Assert.Equal(
            ["class.yaml", "deployment.yaml", "endpointslices.yaml", "ingress.yaml", "services.json", Path.Join("tls", "shop-tls.yaml")],
            set.Files.Select(f => Path.GetRelativePath(Asset("shop"), f)));
        Assert.Equal(
            [(DiagnosticSeverity.Info, "deployment.yaml", "Deployment")],
            set.Diagnostics.Select(d => (d.Severity, Path.GetRelativePath(Asset("shop"), d.File!), d.Kind!)));
        Assert.Equal("shop/db-password", Assert.Single(set.Secrets).QualifiedName); // Opaque: what auth annotations read

        Assert.Equal(["shop/storefront", "shop/checkout"], set.Ingresses.Select(i => i.QualifiedName));
        Assert.Equal(["web", "api", "checkout"], set.Services.Select(s => s.Name));
        Assert.Equal("shop/shop-tls", Assert.Single(set.Certificates).QualifiedName);
        var ingressClass = Assert.Single(set.IngressClasses);
        Assert.True(ingressClass.IsDefault);
        var web = Assert.Single(set.EndpointSlices);
        Assert.Equal("web", web.ServiceName);
        Assert.Equal(["127.0.0.1", "127.0.0.2"], web.Endpoints.Select(e => e.Address));
        Assert.Equal([true, false], web.Endpoints.Select(e => e.Ready));

        var builder = new RouteTableBuilder().AddRange(set.Ingresses);
        var table = builder.Build();
        Assert.DoesNotContain(builder.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);

        var checkout = table.Match("SHOP.example.com:443", "/api/checkout");
        Assert.True(checkout.Success);
        Assert.Equal(IngressBackend.ForService("checkout", 80), checkout.Route!.Backend);
        Assert.Equal(IngressBackend.ForService("api", 8080), table.Match("shop.example.com", "/api/orders").Route!.Backend);
        Assert.Equal(IngressBackend.ForService("web", "http"), table.Match("shop.example.com", "/").Route!.Backend);
    }

    [Fact]
    public void Common_mistakes_give_the_diagnostics_in_expected_txt()
    {
        var folder = Asset("mistakes");
        var set = ManifestLoader.Load(folder);

        var actual = set.Diagnostics
            .Select(d => (d with
            {
                File = d.File is null ? null : Path.GetRelativePath(folder, d.File).Replace('\\', '/'),
                Message = d.Message.Replace(folder + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal),
            }).ToString())
            .ToArray();
        var expected = File.ReadAllLines(Path.Combine(folder, "expected.txt"));

        Assert.True(expected.SequenceEqual(actual), "actual diagnostics:\n" + string.Join("\n", actual));
        Assert.Empty(set.Ingresses); // "case" is refused, and its second definition is a duplicate of the refused first
        set.AssertPrintable();
    }
}
