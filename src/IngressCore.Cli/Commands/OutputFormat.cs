namespace IngressCore.Cli.Commands;

/// <summary>How match and validate write their answers (<c>--output text|json</c>).</summary>
internal enum OutputFormat
{
    /// <summary>For people: match writes a few aligned lines per request; validate one line per diagnostic.</summary>
    Text,

    /// <summary>For programs: one JSON object per line (match's contract; validate's diagnostics as objects).</summary>
    Json,
}
