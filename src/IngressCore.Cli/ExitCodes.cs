namespace IngressCore.Cli;

/// <summary>The command's exit codes (docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Everything was read; no error-severity diagnostic (validate), every request answered (match), or stopped by Ctrl-C or SIGTERM (serve).</summary>
    public const int Success = 0;

    /// <summary>validate: at least one error diagnostic. match: at least one request line could not be read. serve: a listener could not be opened, or the Kubernetes API server could not be reached.</summary>
    public const int Findings = 1;

    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 2;

    /// <summary>A bug in ingresscore: reported in one line, never as a stack trace.</summary>
    public const int InternalError = 70;
}
