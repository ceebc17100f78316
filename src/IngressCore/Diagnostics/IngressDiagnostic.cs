using System.Globalization;
using IngressCore.Model;

namespace IngressCore.Diagnostics;

/// <summary>
/// One finding about an input object: which object, which field, what is wrong, and where it was
/// read from. Rendered as <c>path:line: namespace/name: field: severity: message</c>.
/// </summary>
public sealed record IngressDiagnostic
{
    /// <summary>The severity.</summary>
    public required DiagnosticSeverity Severity { get; init; }

    /// <summary>The object's kind, such as <c>Ingress</c>; <see langword="null"/> when no object could be read.</summary>
    public string? Kind { get; init; }

    /// <summary>The object's namespace, when known.</summary>
    public string? Namespace { get; init; }

    /// <summary>The object's name, when known.</summary>
    public string? Name { get; init; }

    /// <summary>The field path, such as <c>spec.rules[0].http.paths[1].path</c>; <c>-</c> for the object or file as a whole.</summary>
    public string Field { get; init; } = "-";

    /// <summary>What is wrong, in words a user can act on.</summary>
    public required string Message { get; init; }

    /// <summary>The file the object came from, when known.</summary>
    public string? File { get; init; }

    /// <summary>The 1-based line, or 0 when unknown.</summary>
    public int Line { get; init; }

    /// <summary>
    /// The object as <c>namespace/name</c> for display, or <c>-</c> when unknown. Control and
    /// non-ASCII characters are escaped (<c>\u0009</c>): a name that holds them is invalid and
    /// refused, and the diagnostic saying so must not carry them into a log or a terminal.
    /// <see cref="Namespace"/> and <see cref="Name"/> keep the names as given.
    /// </summary>
    public string ObjectName =>
        Name is null ? "-" : Printable.Of(Namespace is null ? Name : $"{Namespace}/{Name}", int.MaxValue);

    /// <summary>Creates a diagnostic about a field of an Ingress, locating it in its source when known.</summary>
    /// <param name="severity">The severity.</param>
    /// <param name="ingress">The Ingress.</param>
    /// <param name="field">The field path.</param>
    /// <param name="message">The message.</param>
    /// <returns>The diagnostic.</returns>
    public static IngressDiagnostic For(
        DiagnosticSeverity severity, IngressDefinition ingress, string field, string message)
    {
        ArgumentNullException.ThrowIfNull(ingress);
        return new IngressDiagnostic
        {
            Severity = severity,
            Kind = "Ingress",
            Namespace = ingress.Namespace,
            Name = ingress.Name,
            Field = field,
            Message = message,
            File = ingress.Source?.Path,
            Line = ingress.Source?.LineOf(field) ?? 0,
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Printable.Of(File ?? "<input>", MaxPathShown)}:{Line}: {Printable.Of(ObjectName, MaxPathShown)}: {Printable.Of(Field, MaxPathShown)}: {SeverityWord(Severity)}: {Printable.Of(Message, MaxMessageShown)}");

    // File names, object names and field paths come from the input: escaped so that a hostile
    // manifest cannot forge lines or terminal escapes in what the user reads.
    private const int MaxPathShown = 1024;
    private const int MaxMessageShown = 4096;

    private static string SeverityWord(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}
