namespace IngressCore.Fuzz;

/// <summary>
/// An invariant a target checks did not hold (a disagreement, an unprintable diagnostic, an
/// Ingress both refused and served): thrown so that afl-fuzz records the input as a crash.
/// </summary>
internal sealed class FuzzFinding : Exception
{
    public FuzzFinding()
    {
    }

    public FuzzFinding(string message)
        : base(message)
    {
    }

    public FuzzFinding(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
