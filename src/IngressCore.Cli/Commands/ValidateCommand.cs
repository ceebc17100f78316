using IngressCore.Diagnostics;

namespace IngressCore.Cli.Commands;

/// <summary>
/// <c>ingresscore validate</c>: every diagnostic, one per line; exit 1 when any is an error. The
/// diagnostics are the loader's, the route table's, the certificate store's (the store
/// <c>serve</c> would build: missing Secrets, unreadable keys, uncovered hosts) and the
/// ssl-passthrough hosts' (a host whose Service, port or ready endpoints are missing, whose
/// connections <c>serve</c> would close), in that order.
/// </summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(CliOptions options, TextWriter stdout, TextWriter stderr)
    {
        var workspace = Workspace.Load(options);
        var errors = 0;
        var warnings = 0;
        foreach (var diagnostic in workspace.Diagnostics)
        {
            errors += diagnostic.Severity == DiagnosticSeverity.Error ? 1 : 0;
            warnings += diagnostic.Severity == DiagnosticSeverity.Warning ? 1 : 0;
            await stdout.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }

        await stderr.WriteLineAsync(
            $"ingresscore: {workspace.Manifests.Files.Count} file(s), {workspace.Table.Ingresses.Count} Ingress(es) served, " +
            $"{workspace.Table.Routes.Count} route(s); {errors} error(s), {warnings} warning(s)").ConfigureAwait(false);
        return errors == 0 ? ExitCodes.Success : ExitCodes.Findings;
    }
}
