using IngressCore.Cli.Commands;

namespace IngressCore.Cli;

/// <summary>Dispatches a command line; every failure ends as one readable line and an exit code.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["-h"] or ["--help"] or ["help"])
        {
            await stdout.WriteLineAsync(CliParser.Usage).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var (options, error) = CliParser.Parse(args);
        if (options is null)
        {
            await stderr.WriteLineAsync($"ingresscore: {error}\n\n{CliParser.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

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
