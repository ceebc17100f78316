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
            await stdout.WriteLineAsync(options.Output == OutputFormat.Json ? Json(diagnostic) : diagnostic.ToString()).ConfigureAwait(false);
        }

        await stderr.WriteLineAsync(
            $"ingresscore: {workspace.Manifests.Files.Count} file(s), {workspace.Table.Ingresses.Count} Ingress(es) served, " +
            $"{workspace.Table.Routes.Count} route(s); {errors} error(s), {warnings} warning(s)").ConfigureAwait(false);
        if (workspace.Table.Ingresses.Count == 0)
        {
            // Nothing loaded will be served: an empty folder, or every Ingress of another class (the warnings above say which).
            await stderr.WriteLineAsync("ingresscore: nothing will be served: no Ingress was accepted").ConfigureAwait(false);
        }

        return errors == 0 ? ExitCodes.Success : ExitCodes.Findings;
    }

    /// <summary>A diagnostic as one JSON object, for programs (<c>--output json</c>).</summary>
    private static string Json(IngressDiagnostic diagnostic) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["file"] = diagnostic.File,
            ["line"] = diagnostic.Line,
            ["kind"] = diagnostic.Kind,
            ["namespace"] = diagnostic.Namespace,
            ["name"] = diagnostic.Name,
            ["field"] = diagnostic.Field,
            ["severity"] = diagnostic.Severity.ToString().ToLowerInvariant(),
            ["message"] = diagnostic.Message,
        });
}
