using System.Diagnostics;

namespace IngressCore.Tests.Authentication;

/// <summary>Runs the command-line tools users make their credentials with (htpasswd, openssl) and returns what they print.</summary>
internal static class Tools
{
    public static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({error}); .ci/run installs apache2-utils and openssl");
        }

        return output.Result.Trim();
    }

    /// <summary>The hash part of <c>htpasswd -nb FLAG user password</c>.</summary>
    public static string Htpasswd(string flag, string password, params string[] more) =>
        Run("htpasswd", ["-n", "-b", flag, .. more, "user", password])["user:".Length..];
}
