using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Fuzz.Support;
using IngressCore.Tls;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// A kubernetes.io/tls Secret's PEM text (tls.crt, tls.key) through the reader the certificate
/// store uses: it loads, or refuses with an error naming the field; never an exception.
/// </summary>
internal static class TlsSecretTarget
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Run(ReadOnlySpan<byte> input)
    {
        var nul = input.IndexOf((byte)0);
        var secret = new TlsSecret
        {
            Namespace = "fuzz",
            Name = "tls",
            CertificatePem = FuzzText.Utf8(nul < 0 ? input : input[..nul]),
            PrivateKeyPem = nul < 0 ? string.Empty : FuzzText.Utf8(input[(nul + 1)..]),
        };

        var diagnostics = new List<IngressDiagnostic>();
        var loaded = TlsSecretReader.Read(secret, diagnostics, "the default certificate");
        if (loaded is null)
        {
            if (!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                throw new FuzzFinding("the Secret was refused without an error");
            }
        }
        else
        {
            TlsSecretReader.Check(loaded, Now, diagnostics);
            _ = loaded.Names.ToString();
            loaded.Certificate.Dispose();
        }

        foreach (var diagnostic in diagnostics)
        {
            FuzzText.AssertPrintable(diagnostic.Message, "a diagnostic's message");
        }
    }
}
