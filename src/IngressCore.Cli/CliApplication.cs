using IngressCore.Cli.Commands;

namespace IngressCore.Cli;

/// <summary>Dispatches a command line; every failure ends as one readable line and an exit code.</summary>
internal static class CliApplication
{
    /// <param name="args">The command line.</param>
    /// <param name="stdin">Where match reads requests.</param>
    /// <param name="stdout">Where answers go.</param>
    /// <param name="stderr">Where problems go.</param>
    /// <param name="stdoutIsTerminal">Whether a person reads stdout: match then writes text rather than JSON lines, unless told.</param>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal = false)
    {
        if (args is ["-h"] or ["--help"] or ["help"])
        {
            await stdout.WriteLineAsync(CliParser.Usage).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (args is ["--version"] or ["-V"])
        {
            await stdout.WriteLineAsync($"ingresscore {CliVersion.Text}").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (args is [var command, ..] && command is "validate" or "match" or "serve" && args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            await stdout.WriteLineAsync(CliUsage.For(command)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var (options, error) = CliParser.Parse(args);
        if (options is null)
        {
            var usage = args is [var known, ..] && known is "validate" or "match" or "serve" ? CliUsage.For(known) : CliParser.Usage;
            await stderr.WriteLineAsync($"ingresscore: {error}\n\n{usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        options = options with { Output = options.Output ?? (stdoutIsTerminal && options.Command == "match" ? OutputFormat.Text : null) };

        try
        {
            return options.Command switch
            {
                "validate" => await ValidateCommand.RunAsync(options, stdout, stderr).ConfigureAwait(false),
                "match" => await MatchCommand.RunAsync(options, stdin, stdout, stderr).ConfigureAwait(false),
                _ => await ServeCommand.RunAsync(options, stdout, stderr).ConfigureAwait(false),
            };
        }
#pragma warning disable CA1031 // The one place every unexpected failure is turned into a line instead of a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await stderr.WriteLineAsync($"ingresscore: internal error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
