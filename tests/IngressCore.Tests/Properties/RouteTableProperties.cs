using FsCheck.Xunit;
using Xunit.Sdk;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;
using IngressCore.Tests.Reference;

namespace IngressCore.Tests.Properties;

/// <summary>
/// The compiled <see cref="RouteTable"/> against the <see cref="ReferenceMatcher"/> on random
/// tables (see <see cref="RouteTableGenerators"/>): 300 tables of up to several hundred paths,
/// 40 requests each.
/// </summary>
public sealed class RouteTableProperties
{
    [Property(MaxTest = 300, Arbitrary = new[] { typeof(RouteTableGenerators) })]
    public void Compiled_match_agrees_with_the_reference_matcher_on_every_request(Scenario scenario)
    {
        var table = new RouteTableBuilder(scenario.Options).AddRange(scenario.Ingresses).Build();
        var served = ReferenceMatcher.Served(scenario.Ingresses, scenario.Options);
        var reference = new ReferenceMatcher(served);

        foreach (var request in scenario.Requests)
        {
            var expected = reference.Match(request.Host, request.Path);
            var actual = table.Match(request.Host, request.Path);
            if (!expected.SameAs(actual))
            {
                throw new XunitException(
                    $"""
                    {request}
                      reference: {expected}
                      engine:    {ReferenceOutcome.Of(actual)}
                      reference path: {ReferenceMatcher.NormalizePath(request.Path) ?? "(400)"}, host: {ReferenceMatcher.NormalizeHost(request.Host)}
                    served Ingresses:
                    {ScenarioPrinter.Describe(served)}
                    """);
            }
        }
    }

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(RouteTableGenerators) })]
    public void The_table_serves_exactly_the_Ingresses_of_its_class_and_refuses_only_repeated_names(Scenario scenario)
    {
        var table = new RouteTableBuilder(scenario.Options).AddRange(scenario.Ingresses).Build();
        var served = ReferenceMatcher.Served(scenario.Ingresses, scenario.Options);

        Assert.Equal(
            served.Select(i => i.QualifiedName).Order(StringComparer.Ordinal),
            table.Ingresses.Select(i => i.QualifiedName).Order(StringComparer.Ordinal));

        // Every generated Ingress is valid: the only errors are for a namespace/name given twice.
        var repeated = scenario.Ingresses.GroupBy(i => i.QualifiedName).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        Assert.All(
            table.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error),
            d => Assert.Contains(d.ObjectName, repeated));
    }

    [Property(MaxTest = 200, Arbitrary = new[] { typeof(RouteTableGenerators) })]
    public void Building_is_deterministic_whatever_the_input_order(ShuffledScenario input)
    {
        var scenario = input.Scenario;
        var first = new RouteTableBuilder(scenario.Options).AddRange(scenario.Ingresses).Build();
        var second = new RouteTableBuilder(scenario.Options).AddRange(input.Shuffled).Build();

        Assert.Equal(
            first.Diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal),
            second.Diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(first.Ingresses.Select(i => i.QualifiedName), second.Ingresses.Select(i => i.QualifiedName));
        foreach (var request in scenario.Requests)
        {
            var inOrder = ReferenceOutcome.Of(first.Match(request.Host, request.Path));
            var shuffled = second.Match(request.Host, request.Path);
            Assert.True(inOrder.SameAs(shuffled), $"{request}: {inOrder} in input order, {ReferenceOutcome.Of(shuffled)} shuffled");
        }
    }

    [Property(MaxTest = 100, Arbitrary = new[] { typeof(RouteTableGenerators) })]
    public void Explain_reports_the_same_decision_as_Match(Scenario scenario)
    {
        var table = new RouteTableBuilder(scenario.Options).AddRange(scenario.Ingresses).Build();

        foreach (var request in scenario.Requests.Take(10))
        {
            var match = table.Match(request.Host, request.Path);
            var explanation = table.Explain(request.Host, request.Path);

            Assert.Equal(match.Status, explanation.Result.Status);
            Assert.Same(match.Route, explanation.Result.Route);
            Assert.Equal(match.Route is null ? 0 : 1, explanation.Verdicts.Count(v => v.Selected));
            Assert.Equal(table.Routes.Count, explanation.Verdicts.Count);
            Assert.False(string.IsNullOrWhiteSpace(explanation.Reason));
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(RouteTableGenerators) })]
    public void Match_and_Explain_never_throw_for_arbitrary_strings(RawRequest request)
    {
        var match = ArbitraryStringTable.Value.Match(request.Host, request.Path);
        var explanation = ArbitraryStringTable.Value.Explain(request.Host, request.Path);

        Assert.Equal(match.Status, explanation.Result.Status);
    }

    /// <summary>One fixed generated table with every kind of route, for the arbitrary-string property.</summary>
    private static readonly Lazy<RouteTable> ArbitraryStringTable = new(() =>
    {
        var scenario = FsCheck.Fluent.Gen.Sample(RouteTableGenerators.ScenarioGen, 20)
            .MaxBy(s => s.Ingresses.Sum(i => i.Rules.Count))!;
        return new RouteTableBuilder().AddRange(scenario.Ingresses).Build();
    });
}
