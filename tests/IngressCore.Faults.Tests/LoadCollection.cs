namespace IngressCore.Faults.Tests;

/// <summary>
/// The tests that measure under load (wrk, sockets, memory) run alone, after the others of this
/// assembly, so their own figures are not the other tests' traffic.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "load";
}
