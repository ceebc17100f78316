using IngressCore.Decisions;
using IngressCore.Diagnostics;

namespace IngressCore.Cli.Commands;

/// <summary><c>ingresscore match</c>: one JSON line out for every request in.</summary>
internal static class MatchCommand
{
    public static async Task<int> RunAsync(CliOptions options, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var workspace = Workspace.Load(options);
        var errors = workspace.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        if (errors > 0)
        {
            await stderr.WriteLineAsync($"ingresscore: {errors} error(s) in the manifests; the objects concerned are not served (run 'ingresscore validate' for details)").ConfigureAwait(false);
        }

        var writer = new MatchResultWriter(
            workspace,
            options.Explain,
            new IngressRequestDecider(workspace.Options.ToSslRedirectPolicy(), options.CanarySeed),
            options.AuthStatus);
        if (options.Request is not null)
        {
            var (request, error) = MatchRequest.FromUrl(options.Request, options);
            if (request is null)
            {
                await stderr.WriteLineAsync($"ingresscore: {error}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            await stdout.WriteLineAsync(Render(options, request, writer.Write(request))).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var exit = ExitCodes.Success;
        var lineNumber = 0;
        while (await stdin.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (request, error) = MatchRequest.FromJson(line);
            if (request is null)
            {
                exit = ExitCodes.Findings;
                await stdout.WriteLineAsync(MatchResultWriter.WriteError(lineNumber, error!)).ConfigureAwait(false);
                continue;
            }

            await stdout.WriteLineAsync(Render(options, request, writer.Write(request))).ConfigureAwait(false);
        }

        return exit;
    }

    /// <summary>The JSON line, or its text form for people (<c>--output text</c>, the default on a terminal).</summary>
    private static string Render(CliOptions options, MatchRequest request, string json) =>
        options.Output == OutputFormat.Text ? MatchText.Render(request, json).TrimEnd('\n') : json;
}
