using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Tests.Properties;

/// <summary>A request as a client sends it: a Host header and a request-target.</summary>
public sealed record Request(string Host, string Path)
{
    public override string ToString() => $"Host '{Host}' target '{Path}'";
}

/// <summary>Any two strings, for "never throws".</summary>
public sealed record RawRequest(string Host, string Path);

/// <summary>A generated route table input with the requests to try on it.</summary>
public sealed record Scenario(IReadOnlyList<IngressDefinition> Ingresses, RouteTableOptions Options, IReadOnlyList<Request> Requests)
{
    /// <summary>A summary: the generated objects themselves are printed by the failing assertion, filtered to what matters.</summary>
    public override string ToString() =>
        $"{Ingresses.Count} Ingresses, {Ingresses.Sum(i => i.Rules.Sum(r => r.Paths?.Count ?? 0))} paths, ignoreClassless={Options.IgnoreClassless}, {Requests.Count} requests";
}

/// <summary>A scenario and the same Ingresses in another order.</summary>
public sealed record ShuffledScenario(Scenario Scenario, IReadOnlyList<IngressDefinition> Shuffled)
{
    public override string ToString() => Scenario.ToString();
}
