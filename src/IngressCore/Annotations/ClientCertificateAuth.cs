using System.Text.RegularExpressions;
using IngressCore.Model;

namespace IngressCore.Annotations;

/// <summary>
/// <c>auth-tls-secret</c> and its family: client certificates verified against a CA bundle, per
/// host (nginx's server-level <c>ssl_verify_client</c>), with the <c>ssl-client-*</c> headers sent
/// upstream (docs/annotations.md, client certificates).
/// </summary>
/// <remarks>
/// Grammars: <c>auth-tls-secret</c> a Secret of the Ingress's namespace holding <c>ca.crt</c>;
/// <c>auth-tls-verify-client</c> <c>on</c>, <c>off</c>, <c>optional</c> or <c>optional_no_ca</c>;
/// <c>auth-tls-verify-depth</c> 1-100; <c>auth-tls-error-page</c> an <c>http(s)</c> URL or a path;
/// <c>auth-tls-pass-certificate-to-upstream</c> a Go boolean; <c>auth-tls-match-cn</c> <c>CN=</c> and
/// a regular expression matched, unanchored, against the subject DN. ingress-nginx falls back to
/// <c>on</c> and depth 1 silently for an invalid verify mode or depth; here they are errors.
/// </remarks>
internal sealed class ClientCertificateAuth
{
    internal const string SecretName = "auth-tls-secret";
    internal const string VerifyClientName = "auth-tls-verify-client";
    internal const string VerifyDepthName = "auth-tls-verify-depth";
    internal const string ErrorPageName = "auth-tls-error-page";
    internal const string PassCertificateName = "auth-tls-pass-certificate-to-upstream";
    internal const string MatchCnName = "auth-tls-match-cn";

    private static readonly string[] DependentNames = [VerifyClientName, VerifyDepthName, ErrorPageName, PassCertificateName, MatchCnName];

    private ClientCertificateAuth(ObjectReference secret, IngressDefinition ingress)
    {
        Secret = secret;
        Ingress = ingress;
    }

    /// <summary><c>auth-tls-secret</c>: the Secret whose <c>ca.crt</c> is the CA bundle.</summary>
    public ObjectReference Secret { get; }

    /// <summary>The Ingress that configured it (a host takes its oldest Ingress's, as ingress-nginx's server does).</summary>
    public IngressDefinition Ingress { get; }

    /// <summary><c>auth-tls-verify-client</c> (default <c>on</c>).</summary>
    public ClientCertificateVerification Verification { get; private init; }

    /// <summary><c>auth-tls-verify-depth</c> (default 1): the most CA certificates between a client certificate and a trusted one.</summary>
    public int Depth { get; private init; } = 1;

    /// <summary><c>auth-tls-error-page</c>: an absolute URL redirected to (302), a path served instead, or <see langword="null"/> for 400.</summary>
    public string? ErrorPage { get; private init; }

    /// <summary><c>auth-tls-pass-certificate-to-upstream</c>: send the certificate, URL-encoded PEM, as <c>ssl-client-cert</c>.</summary>
    public bool PassCertificateToUpstream { get; private init; }

    /// <summary><c>auth-tls-match-cn</c> as written, or <see langword="null"/>.</summary>
    public string? MatchCnText { get; private init; }

    /// <summary><c>auth-tls-match-cn</c> compiled; a subject DN it does not match is answered 403.</summary>
    public Regex? MatchCn { get; private init; }

    internal static ClientCertificateAuth? Parse(AnnotationReader reader)
    {
        var present = reader.Has(SecretName);
        var secret = ObjectReference.Read(reader, SecretName, "Secret");
        var verification = ClientCertificateVerification.On;
        if (reader.Read(VerifyClientName) is { } mode)
        {
            switch (mode)
            {
                case "on":
                    break;
                case "off":
                    verification = ClientCertificateVerification.Off;
                    break;
                case "optional":
                    verification = ClientCertificateVerification.Optional;
                    break;
                case "optional_no_ca":
                    verification = ClientCertificateVerification.OptionalNoCa;
                    break;
                default:
                    reader.Invalid(VerifyClientName, mode, "is not on, off, optional or optional_no_ca (ingress-nginx would use on)");
                    break;
            }
        }

        // Every value is checked, with auth-tls-secret or without: a hostile value is refused wherever it is.
        var (matchText, match) = ReadMatchCn(reader);
        var parsed = new ClientCertificateAuth(secret ?? new ObjectReference(reader.Ingress.Namespace, "-"), reader.Ingress)
        {
            Verification = verification,
            Depth = reader.ReadCount(VerifyDepthName, min: 1, max: 100) ?? 1,
            ErrorPage = ReadErrorPage(reader),
            PassCertificateToUpstream = reader.ReadBool(PassCertificateName) ?? false,
            MatchCnText = matchText,
            MatchCn = match,
        };

        if (!present)
        {
            foreach (var name in DependentNames.Where(reader.Has))
            {
                reader.Warning(name, "has no effect without auth-tls-secret, as in ingress-nginx; ignored");
            }

            return null;
        }

        return secret is null ? null : parsed;
    }

    private static string? ReadErrorPage(AnnotationReader reader)
    {
        var value = reader.Read(ErrorPageName);
        if (value is null)
        {
            return null;
        }

        if (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal))
        {
            if (!value.All(NginxGrammar.IsBasic))
            {
                reader.Invalid(ErrorPageName, value, "has a character outside [-._~A-Za-z0-9/:]");
                return null;
            }

            return value;
        }

        var problem = AuthUrl.ParseAuthUrl(value, out var url);
        if (problem is not null || url!.Template.HasVariables)
        {
            reader.Invalid(ErrorPageName, value, (problem ?? "names a variable") + "; auth-tls-error-page is an http(s) URL or a path (an nginx named location is not supported)");
            return null;
        }

        return value;
    }

    private static (string? Text, Regex? Pattern) ReadMatchCn(AnnotationReader reader)
    {
        var value = reader.Read(MatchCnName, allowed: "$\\{}");
        if (value is null)
        {
            return (null, null);
        }

        if (!value.StartsWith("CN=", StringComparison.Ordinal))
        {
            reader.Invalid(MatchCnName, value, "does not start with 'CN=' (ingress-nginx requires it)");
            return (null, null);
        }

        try
        {
            // Matched against the subject DN as nginx's "!~" does: case-sensitive, unanchored.
            return (value, new Regex(value, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            reader.Invalid(MatchCnName, value, $"is not a regular expression .NET can compile without backtracking ({e.Message.TrimEnd('.')})");
            return (null, null);
        }
    }
}
