namespace IngressCore.Diagnostics;

/// <summary>Thrown by <c>RouteTable.Build</c> (IngressCore.Building) when nothing valid can be built.</summary>
public sealed class IngressValidationException : Exception
{
    /// <summary>Creates the exception with no diagnostics.</summary>
    public IngressValidationException()
        : this("No valid Ingress could be built.")
    {
    }

    /// <summary>Creates the exception with a message and no diagnostics.</summary>
    /// <param name="message">The message.</param>
    public IngressValidationException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IngressValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception from the build's diagnostics.</summary>
    /// <param name="diagnostics">Every diagnostic of the build.</param>
    public IngressValidationException(IReadOnlyList<IngressDiagnostic> diagnostics)
        : base(Describe(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every diagnostic of the failed build.</summary>
    public IReadOnlyList<IngressDiagnostic> Diagnostics { get; }

    private static string Describe(IReadOnlyList<IngressDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return errors.Count == 0
            ? "No valid Ingress could be built."
            : $"No valid Ingress could be built ({errors.Count} error(s)); first: {errors[0]}";
    }
}
