using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;
using IngressCore.Tests.Reference;

namespace IngressCore.Tests.Conformance;

/// <summary>
/// Runs every public-source case against the compiled <see cref="RouteTable"/>, and against the
/// <see cref="ReferenceMatcher"/> (so the oracle used by the properties is itself checked against
/// the sources).
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> IngressControllerConformance => CaseTable.Names(IngressControllerConformanceCases.All);

    public static TheoryData<string> KubernetesDocs => CaseTable.Names(KubernetesDocsCases.All);

    public static TheoryData<string> KubernetesApi => CaseTable.Names(KubernetesApiCases.PrefixExamples);

    private static IEnumerable<ConformanceCase> Every =>
        IngressControllerConformanceCases.All.Concat(KubernetesDocsCases.All).Concat(KubernetesApiCases.PrefixExamples);

    [Theory]
    [MemberData(nameof(IngressControllerConformance))]
    [MemberData(nameof(KubernetesDocs))]
    [MemberData(nameof(KubernetesApi))]
    public void The_route_table_gives_the_outcome_the_source_states(string name)
    {
        var c = CaseTable.Find(Every, name);
        var table = RouteTable.Build(c.Ingresses, c.Options);

        var match = table.Match(c.Host, c.Path);

        Assert.Equal(c.Expected, new Expect(match.Status, match.Route is null ? null : Expect.Describe(match.Route.Backend)));
    }

    [Theory]
    [MemberData(nameof(IngressControllerConformance))]
    [MemberData(nameof(KubernetesDocs))]
    [MemberData(nameof(KubernetesApi))]
    public void The_reference_matcher_gives_the_outcome_the_source_states(string name)
    {
        var c = CaseTable.Find(Every, name);
        var reference = new ReferenceMatcher(ReferenceMatcher.Served(c.Ingresses, c.Options ?? new()));

        var outcome = reference.Match(c.Host, c.Path);

        Assert.Equal(c.Expected, new Expect(outcome.Status, outcome.Ingress is null ? null : Expect.Describe(outcome.Backend)));
    }

    [Fact]
    public void Every_case_name_is_unique_and_cites_its_source()
    {
        var names = Every.Select(c => c.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches(@"^(path_rules|host_rules|default_backend|ingress_class)\.feature|^ingress\.md|\.yaml:|^types\.go", n));
    }

    [Fact]
    public void The_case_tables_cover_every_scenario_and_row_of_the_sources()
    {
        // path_rules 16, host_rules 6, default_backend 6 example rows, ingress_class 1.
        Assert.Equal(16, IngressControllerConformanceCases.PathRulesFeature.Count);
        Assert.Equal(6, IngressControllerConformanceCases.HostRulesFeature.Count);
        Assert.Equal(6, IngressControllerConformanceCases.DefaultBackendFeature.Count);
        Assert.Single(IngressControllerConformanceCases.IngressClassFeature);

        // The docs table has 18 rows (rows 1, 6 and 7 carry several requests) and the host table 3.
        Assert.Equal(18, KubernetesDocsCases.PathTypeExamples.Select(c => c.Name.Split(':')[0]).Distinct().Count());
        Assert.Equal(3, KubernetesDocsCases.HostnameWildcards.Count);
        Assert.Equal(9, KubernetesApiCases.PrefixExamples.Count);
    }
}
