using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Building;

/// <summary>
/// docs/matching.md §1.1: the legacy kubernetes.io/ingress.class annotation is read first, then
/// spec.ingressClassName; classless Ingresses are served unless ignored; skipped Ingresses get
/// an info diagnostic (not an error).
/// </summary>
public sealed class ClassFilterTests
{
    private const string Annotation = "kubernetes.io/ingress.class";

    [Theory]
    [InlineData(null, null, false, true)]
    [InlineData(null, null, true, false)]
    [InlineData("ingresscore", null, false, true)]
    [InlineData("ingresscore", null, true, true)]
    [InlineData("nginx", null, false, false)]
    [InlineData("IngressCore", null, false, false)]
    [InlineData(null, "ingresscore", false, true)]
    [InlineData(null, "nginx", false, false)]
    [InlineData("nginx", "ingresscore", false, true)]
    [InlineData("ingresscore", "nginx", false, false)]
    [InlineData(null, "", false, true)]
    [InlineData("nginx", "", false, false)]
    [InlineData(null, "", true, false)]
    public void The_legacy_annotation_is_read_first_then_ingressClassName_then_classless_rules(
        string? className, string? annotation, bool ignoreClassless, bool served)
    {
        var ingress = Ingress("web", Rule("shop.example.com", Prefix("/", "web", 80))) with
        {
            IngressClassName = className,
            Annotations = annotation is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Annotation] = annotation },
        };

        var table = RouteTable.Build([ingress], new RouteTableOptions { IgnoreClassless = ignoreClassless });

        Assert.Equal(served, table.Match("shop.example.com", "/").Success);
        if (served)
        {
            Assert.Empty(table.Diagnostics);
        }
        else
        {
            var info = Assert.Single(table.Diagnostics, d => d.Kind == "Ingress");
            Assert.Equal((DiagnosticSeverity.Info, "default/web"), (info.Severity, info.ObjectName));
            Assert.Contains("'ingresscore'", info.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_info_names_the_class_the_Ingress_asked_for()
    {
        var byField = Ingress("by-field", Rule("a.example.com", Prefix("/", "a", 80))) with { IngressClassName = "some-invalid-class-name" };
        var byAnnotation = Ingress("by-annotation", Rule("b.example.com", Prefix("/", "b", 80))) with
        {
            Annotations = new Dictionary<string, string> { [Annotation] = "nginx" },
        };

        var diagnostics = RouteTable.Build([byField, byAnnotation]).Diagnostics;

        Assert.Contains(diagnostics, d => d.ObjectName == "default/by-field" && d.Message.Contains("'some-invalid-class-name'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.ObjectName == "default/by-annotation" && d.Message.Contains(Annotation, StringComparison.Ordinal) && d.Message.Contains("'nginx'", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_configured_class_is_served_and_the_default_one_is_not()
    {
        var edge = Ingress("edge", Rule("a.example.com", Prefix("/", "a", 80))) with { IngressClassName = "edge" };
        var core = Ingress("core", Rule("b.example.com", Prefix("/", "b", 80))) with { IngressClassName = "ingresscore" };

        var table = RouteTable.Build([edge, core], new RouteTableOptions { IngressClass = "edge" });

        Assert.Equal(["default/edge"], table.Ingresses.Select(i => i.QualifiedName));
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("b.example.com", "/").Status);
    }

    [Fact]
    public void An_Ingress_of_another_class_is_skipped_with_an_info_not_validated_into_errors()
    {
        var foreign = Ingress("foreign", Rule("*", Prefix("no-slash", "Web", 0))) with { IngressClassName = "nginx" };

        var table = RouteTable.Build([foreign]);

        Assert.Equal(DiagnosticSeverity.Info, Assert.Single(table.Diagnostics, d => d.Kind == "Ingress").Severity);
        Assert.DoesNotContain(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void When_Ingresses_name_classes_but_none_the_served_one_a_warning_names_the_classes_seen()
    {
        IngressDefinition Classed(string name, string className) => Ingress(name, Rule(name + ".example.com", Prefix("/", "web", 80))) with { IngressClassName = className };

        var table = RouteTable.Build(
        [
            Classed("a", "nginx"), Classed("b", "nginx"), Classed("c", "internal"), Classed("e", "external"), Classed("f", ""),
            Ingress("d", Rule("d.example.com", Prefix("/", "web", 80))),
        ]);

        var warning = Assert.Single(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning);
        Assert.Equal("IngressClass", warning.Kind);
        Assert.Contains("'ingresscore'", warning.Message, StringComparison.Ordinal);
        // Most named first, then by name; an empty ingressClassName names no class.
        Assert.Contains("'nginx' (2), 'external' (1), 'internal' (1)", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'' (", warning.Message, StringComparison.Ordinal);
        Assert.Contains("--ingress-class", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_class_warning_when_one_Ingress_names_the_served_class_or_none_names_any()
    {
        var mixed = RouteTable.Build([
            Ingress("a", Rule("a.example.com", Prefix("/", "web", 80))) with { IngressClassName = "nginx" },
            Ingress("b", Rule("b.example.com", Prefix("/", "web", 80))) with { IngressClassName = "ingresscore" }]);
        var classless = RouteTable.Build([Ingress("c", Rule("c.example.com", Prefix("/", "web", 80)))]);

        Assert.DoesNotContain(mixed.Diagnostics, d => d.Kind == "IngressClass");
        Assert.Empty(classless.Diagnostics);
    }
}
