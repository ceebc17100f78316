using System.Diagnostics;
using System.Text;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Support;

/// <summary>
/// Client certificates made with the openssl command line, as users make them for
/// auth-tls-secret (kubernetes/ingress-nginx docs/examples/auth/client-certs): a client CA, a
/// client certificate it signs, one signed by another CA, one issued through an intermediate, and
/// one usable only for server authentication. Made once per test run in a temporary folder.
/// </summary>
internal sealed class OpenSslPki
{
    public static readonly Lazy<OpenSslPki> Shared = new(() => new OpenSslPki());

    private OpenSslPki()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"ingresscore-client-pki-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(Directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(Directory, recursive: true);

        Ca("ca", "/CN=Test Client CA");
        Ca("other-ca", "/CN=Other CA");
        Leaf("client", "/C=DE/O=Example, Org/CN=client", "ca", "extendedKeyUsage=clientAuth");
        Leaf("stranger", "/CN=stranger", "other-ca", "extendedKeyUsage=clientAuth");
        Leaf("server-only", "/CN=server-only", "ca", "extendedKeyUsage=serverAuth");
        Leaf("intermediate", "/CN=Test Intermediate CA", "ca", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign");
        Leaf("deep", "/CN=deep", "intermediate", "extendedKeyUsage=clientAuth");
        File.WriteAllText(Path.Combine(Directory, "deep-chain.crt"), File.ReadAllText(Cert("deep")) + File.ReadAllText(Cert("intermediate")));
    }

    /// <summary>The folder holding every <c>NAME.crt</c> and <c>NAME.key</c>.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate's PEM, what <c>ca.crt</c> holds.</summary>
    public string CaPem => File.ReadAllText(Cert("ca"));

    public string Cert(string name) => Path.Combine(Directory, name + ".crt");

    public string Key(string name) => Path.Combine(Directory, name + ".key");

    /// <summary>The certificate's subject as openssl prints it in RFC 2253 form (nginx's <c>$ssl_client_s_dn</c>).</summary>
    public string Subject(string name) => Run("x509", "-in", Cert(name), "-noout", "-subject", "-nameopt", "RFC2253").Trim()["subject=".Length..];

    /// <summary>The certificate's issuer in RFC 2253 form.</summary>
    public string Issuer(string name) => Run("x509", "-in", Cert(name), "-noout", "-issuer", "-nameopt", "RFC2253").Trim()["issuer=".Length..];

    /// <summary>An Opaque Secret with the CA bundle under <c>ca.crt</c> (<c>kubectl create secret generic ca-secret --from-file=ca.crt</c>).</summary>
    public SecretDefinition CaSecret(string ns, string name, string ca = "ca") => new()
    {
        Namespace = ns,
        Name = name,
        Data = new Dictionary<string, byte[]> { ["ca.crt"] = Encoding.UTF8.GetBytes(File.ReadAllText(Cert(ca))) },
    };

    private void Ca(string name, string subject) =>
        Run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", Key(name), "-out", Cert(name),
            "-subj", subject, "-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");

    private void Leaf(string name, string subject, string issuer, string extensions)
    {
        var csr = Path.Combine(Directory, name + ".csr");
        var ext = Path.Combine(Directory, name + ".ext");
        File.WriteAllText(ext, extensions + "\n");
        Run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", Key(name), "-out", csr, "-subj", subject);
        Run("x509", "-req", "-in", csr, "-CA", Cert(issuer), "-CAkey", Key(issuer), "-set_serial", Random.Shared.Next(1, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-out", Cert(name), "-days", "365", "-extfile", ext);
    }

    private static string Run(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed: {error}");
        }

        return output.Result;
    }
}
