using System.Diagnostics;
using System.Text;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Support;

/// <summary>
/// htpasswd lines made by Debian's apache2-utils <c>htpasswd</c> (what users run), and the
/// Secrets that hold them.
/// </summary>
internal static class Htpasswd
{
    /// <summary>
    /// <c>htpasswd -n -b FLAG user password</c>'s line: <c>-B</c> bcrypt (cost 4, to keep tests quick),
    /// <c>-m</c> apr1, <c>-s</c> SHA-1, <c>-p</c> plain text, <c>-d</c> DES crypt.
    /// </summary>
    public static string Line(string flag, string user, string password)
    {
        List<string> args = ["-n", "-b", flag];
        if (flag == "-B")
        {
            args.AddRange(["-C", "4"]);
        }

        args.AddRange([user, password]);
        var start = new ProcessStartInfo("htpasswd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // Fail, never skip: .ci/run installs apache2-utils.
            throw new InvalidOperationException("htpasswd is not installed; .ci/run installs it (Debian package apache2-utils)", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(15_000) || process.ExitCode != 0)
            {
                throw new InvalidOperationException($"htpasswd {string.Join(' ', args)} failed: {error}");
            }

            return output.Trim();
        }
    }

    /// <summary>An Opaque Secret whose <c>auth</c> key is the htpasswd file of these lines.</summary>
    public static SecretDefinition Secret(string ns, string name, params string[] lines) => new()
    {
        Namespace = ns,
        Name = name,
        Data = new Dictionary<string, byte[]> { ["auth"] = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n") },
    };

    /// <summary>The <c>Authorization</c> header of Basic credentials.</summary>
    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
}
