using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Tests.Conformance;

/// <summary>
/// One request from a public source: the Ingresses the source sets up, the request it sends and
/// the outcome it states. <paramref name="Name"/> cites the source file and scenario or row.
/// </summary>
internal sealed record ConformanceCase(
    string Name,
    IReadOnlyList<IngressDefinition> Ingresses,
    string Host,
    string Path,
    Expect Expected,
    RouteTableOptions? Options = null)
{
    public override string ToString() => Name;
}

/// <summary>Turns case lists into xunit theory data keyed by the (unique) case name.</summary>
internal static class CaseTable
{
    public static TheoryData<string> Names(IEnumerable<ConformanceCase> cases)
    {
        var data = new TheoryData<string>();
        foreach (var name in cases.Select(c => c.Name))
        {
            data.Add(name);
        }

        return data;
    }

    public static ConformanceCase Find(IEnumerable<ConformanceCase> cases, string name) => cases.Single(c => c.Name == name);
}
