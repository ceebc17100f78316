namespace IngressCore.Cli.Tests;

/// <summary>
/// The tests that depend on the bundled examples' fixed backend ports (docs/examples/services.yaml
/// points every EndpointSlice at 127.0.0.1:18081–18090): the quickstart binds them with
/// <c>--demo-backends</c>, the observability tests rely on nothing listening there (a 502). xunit
/// runs test classes in parallel, so these share a collection and run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ExamplePortsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "the examples' backend ports";
}
