namespace IngressCore.Diagnostics;

/// <summary>How much a diagnostic matters.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Information: something the engine did that a user may want to know (an Ingress of another class was skipped).</summary>
    Info,

    /// <summary>Something is served, but probably not as the author meant (a path shadowed by another, a duplicate that lost).</summary>
    Warning,

    /// <summary>The object named is refused whole and not served.</summary>
    Error,
}
