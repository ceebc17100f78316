using IngressCore.Building;
using IngressCore.Matching;
using static IngressCore.Tests.Support.Manifest;

namespace IngressCore.Tests.Building;

/// <summary>Every route remembers which object and which field declared it, in terms that do not depend on the Ingress model.</summary>
public sealed class RouteOriginTests
{
    [Fact]
    public void Path_routes_default_backends_and_the_catch_all_name_their_object_and_field()
    {
        var shop = Ingress("shop", Rule("shop.example.com", Prefix("/a", "a", 80), Prefix("/b", "b", 80))) with
        {
            DefaultBackend = IngressCore.Model.IngressBackend.ForService("fallback", 80),
        };
        var catchAll = Ingress("catch-all") with { DefaultBackend = IngressCore.Model.IngressBackend.ForService("everything", 80) };

        var table = RouteTable.Build([shop, catchAll]);

        var b = table.Match("shop.example.com", "/b").Route!;
        Assert.Equal(new RouteOrigin("Ingress", "default", "shop", "spec.rules[0].http.paths[1]"), b.Origin);
        Assert.Equal("spec.rules[0].http.paths[1]", b.Field);
        Assert.Equal("default", b.Namespace);
        Assert.Equal(new RouteOrigin("Ingress", "default", "shop", "spec.defaultBackend"), table.Match("shop.example.com", "/zzz").Route!.Origin);
        Assert.Equal(new RouteOrigin("Ingress", "default", "catch-all", "spec.defaultBackend"), table.Match("other.example.com", "/").Route!.Origin);
        Assert.Equal("Ingress default/shop spec.rules[0].http.paths[1]", b.Origin.ToString());
    }
}
