using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Building;

/// <summary><see cref="RouteTable.Build"/> throws only when errors leave nothing valid to serve.</summary>
public sealed class BuildFailureTests
{
    [Fact]
    public void Build_throws_when_every_Ingress_is_invalid_and_carries_the_diagnostics()
    {
        var bad = Ingress("bad", Rule("*", Prefix("/", "web", 80)));

        var exception = Assert.Throws<IngressValidationException>(() => RouteTable.Build([bad]));

        var error = Assert.Single(exception.Diagnostics);
        Assert.Equal(("default/bad", "spec.rules[0].host"), (error.ObjectName, error.Field));
        Assert.Contains("default/bad", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_throws_when_the_only_Ingress_is_given_twice()
    {
        var web = Ingress("web", Rule("a.example.com", Prefix("/", "web", 80)));

        var exception = Assert.Throws<IngressValidationException>(() => RouteTable.Build([web, web with { }]));

        Assert.Equal(2, exception.Diagnostics.Count);
    }

    [Fact]
    public void Build_does_not_throw_when_something_valid_remains()
    {
        var table = RouteTable.Build(
        [
            Ingress("bad", Rule("*", Prefix("/", "web", 80))),
            Ingress("good", Rule("a.example.com", Prefix("/", "web", 80))),
        ]);

        Assert.Equal(["default/good"], table.Ingresses.Select(i => i.QualifiedName));
        Assert.Single(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Build_of_nothing_is_an_empty_table_that_answers_404()
    {
        var table = RouteTable.Build([]);

        Assert.Empty(table.Routes);
        Assert.Empty(table.Diagnostics);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("a.example.com", "/").Status);
    }

    [Fact]
    public void Build_does_not_throw_when_every_Ingress_belongs_to_another_class()
    {
        var table = RouteTable.Build([Ingress("other", Rule("a.example.com", Prefix("/", "web", 80))) with { IngressClassName = "nginx" }]);

        Assert.Empty(table.Ingresses);
        Assert.DoesNotContain(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Single(table.Diagnostics, d => d.Kind == "IngressClass");
    }

    [Fact]
    public void The_builder_never_throws_for_invalid_input()
    {
        var table = new RouteTableBuilder().Add(Ingress("bad", Rule("*", Prefix("/", "web", 80)))).Build();

        Assert.Empty(table.Ingresses);
        Assert.Single(table.Diagnostics);
    }
}
