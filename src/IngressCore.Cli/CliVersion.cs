using System.Reflection;

namespace IngressCore.Cli;

/// <summary>The tool's version: the package version it was built as (without the source revision SourceLink appends).</summary>
internal static class CliVersion
{
    public static string Text { get; } = Read();

    private static string Read()
    {
        var informational = typeof(CliVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
