namespace IngressCore.Cli;

/// <summary>
/// The help of one command, cut from <see cref="CliParser.Usage"/>: the options every command takes
/// and those whose description names the command (<c>match: …</c>, <c>serve: …</c>, and the
/// <c>--kubernetes: …</c> options of serve). One text, so the two never disagree.
/// </summary>
internal static class CliUsage
{
    private const int DescriptionColumn = 25;

    private static readonly Dictionary<string, string> Purposes = new(StringComparer.Ordinal)
    {
        ["validate"] = "print every diagnostic as path:line: namespace/name: field: severity: message;\nexit 0 when there is no error, 1 otherwise",
        ["match"] = "route requests read as JSON lines on stdin (or --request URL) and write one\nanswer per request: JSON lines for programs, readable text on a terminal",
        ["serve"] = "run the gateway: route HTTP and HTTPS by the Ingresses, forward to their Services'\nendpoints, reload when the files (or the cluster) change; stops on Ctrl-C or SIGTERM",
    };

    /// <summary>The usage of <paramref name="command"/>.</summary>
    public static string For(string command)
    {
        var lines = CliParser.Usage.Split('\n');
        var options = Array.FindIndex(lines, l => l.TrimEnd() == "options:");
        var kept = new List<string>();
        var keep = false;
        for (var i = options + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("  -", StringComparison.Ordinal))
            {
                var description = line.Length > DescriptionColumn ? line[DescriptionColumn..] : "";
                keep = AppliesTo(description, command);
            }

            if (keep)
            {
                kept.Add(line);
            }
        }

        var synopsis = command == "serve"
            ? "usage: ingresscore serve PATH... [options]\n       ingresscore serve --kubernetes [PATH...] [options]"
            : $"usage: ingresscore {command} PATH... [options]";
        var purpose = string.Join('\n', Purposes[command].Split('\n').Select(l => "  " + l));
        return $"{synopsis}\n\n{purpose}\n\noptions:\n{string.Join('\n', kept)}";
    }

    /// <summary>
    /// An option's description starts with the commands it is for (<c>match:</c>, <c>match, validate:</c>,
    /// <c>match --request:</c>, and <c>--kubernetes:</c> for serve), or with nothing when every command takes it.
    /// </summary>
    private static bool AppliesTo(string description, string command)
    {
        var colon = description.IndexOf(':', StringComparison.Ordinal);
        var scopes = colon < 0 ? [] : description[..colon].Split(", ").Select(s => s.Split(' ')[0]).ToArray();
        if (scopes.Length == 0 || !scopes.All(s => s is "validate" or "match" or "serve" or "--kubernetes"))
        {
            return true;
        }

        return scopes.Contains(command) || (command == "serve" && scopes.Contains("--kubernetes"));
    }
}
