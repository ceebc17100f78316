using System.Security.Authentication;
using IngressCore.Diagnostics;

namespace IngressCore.Annotations;

/// <summary>
/// <c>proxy-ssl-secret</c> and the <c>proxy-ssl-*</c> settings that come with it: how TLS to an
/// <c>HTTPS</c> or <c>GRPCS</c> backend is checked (internal/ingress/annotations/proxyssl). As in
/// ingress-nginx they apply only with <c>proxy-ssl-secret</c>; without it the backend's certificate
/// is not verified (nginx's <c>proxy_ssl_verify off</c>) and no SNI is sent.
/// </summary>
/// <remarks>
/// Grammars: <c>proxy-ssl-secret</c> <c>namespace/name</c> in the Ingress's own namespace (a
/// <c>kubernetes.io/tls</c> Secret: <c>ca.crt</c> holds the CAs that verify the backend,
/// <c>tls.crt</c>/<c>tls.key</c> the client certificate presented to it);
/// <c>proxy-ssl-verify</c> and <c>proxy-ssl-server-name</c> <c>on</c> or <c>off</c>;
/// <c>proxy-ssl-verify-depth</c> digits, at least 1; <c>proxy-ssl-name</c> a host name;
/// <c>proxy-ssl-protocols</c> <c>TLSv1.2</c> and/or <c>TLSv1.3</c>, space-separated. ingress-nginx
/// denies the location for a malformed or cross-namespace secret and silently keeps the defaults
/// for the other values; here every invalid value is an error.
/// </remarks>
internal sealed class ProxySsl
{
    internal const string SecretName = "proxy-ssl-secret";
    internal const string VerifyName = "proxy-ssl-verify";
    internal const string VerifyDepthName = "proxy-ssl-verify-depth";
    internal const string ServerNameName = "proxy-ssl-name";
    internal const string SendServerNameName = "proxy-ssl-server-name";
    internal const string ProtocolsName = "proxy-ssl-protocols";

    private static readonly string[] SettingNames = [VerifyName, VerifyDepthName, ServerNameName, SendServerNameName, ProtocolsName];

    private ProxySsl()
    {
    }

    /// <summary>The Secret's namespace (always the Ingress's).</summary>
    public string SecretNamespace { get; private init; } = "";

    /// <summary>The Secret's name.</summary>
    public string Secret { get; private init; } = "";

    /// <summary><c>proxy-ssl-verify</c>: verify the backend's certificate against the Secret's <c>ca.crt</c> (default off).</summary>
    public bool Verify { get; private init; }

    /// <summary><c>proxy-ssl-verify-depth</c>: the longest chain accepted below the backend's certificate (default 1).</summary>
    public int VerifyDepth { get; private init; } = 1;

    /// <summary><c>proxy-ssl-name</c>: the name the backend's certificate is checked against and, with <see cref="SendServerName"/>, sent as SNI.</summary>
    public string? ServerName { get; private init; }

    /// <summary><c>proxy-ssl-server-name</c>: send <see cref="ServerName"/> as SNI (default off).</summary>
    public bool SendServerName { get; private init; }

    /// <summary><c>proxy-ssl-protocols</c> (default TLS 1.2, ingress-nginx's).</summary>
    public SslProtocols Protocols { get; private init; } = SslProtocols.Tls12;

    internal static ProxySsl? Parse(AnnotationReader reader)
    {
        var secret = reader.Read(SecretName);
        var verify = OnOffAnnotation.Parse(reader, VerifyName);
        var depth = reader.ReadCount(VerifyDepthName, min: 1);
        var serverName = reader.Read(ServerNameName);
        if (serverName is not null && NginxGrammar.HostNameProblem(serverName) is { } nameProblem)
        {
            reader.Invalid(ServerNameName, serverName, nameProblem);
        }

        var sendServerName = OnOffAnnotation.Parse(reader, SendServerNameName);
        var protocols = ParseProtocols(reader);
        if (secret is null)
        {
            if (!reader.Has(SecretName))
            {
                foreach (var setting in SettingNames.Where(reader.Has))
                {
                    reader.Warning(setting, "ignored: proxy-ssl-secret is not set (ingress-nginx applies proxy-ssl-* only with it)");
                }
            }

            return null;
        }

        var slash = secret.IndexOf('/', StringComparison.Ordinal);
        var ns = slash < 0 ? null : secret[..slash];
        var name = slash < 0 ? null : secret[(slash + 1)..];
        if (ns is null || name is null)
        {
            reader.Invalid(SecretName, secret, "is not namespace/name");
            return null;
        }

        var problem = KubernetesName.ValidateLabel(ns, "the namespace") ?? KubernetesName.ValidateSubdomain(name, "the Secret name");
        if (problem is not null)
        {
            reader.Error(SecretName, problem);
            return null;
        }

        if (!string.Equals(ns, reader.Ingress.Namespace, StringComparison.Ordinal))
        {
            reader.Invalid(SecretName, secret, $"is in another namespace than the Ingress ({reader.Ingress.Namespace}); cross-namespace Secrets are refused, as in ingress-nginx");
            return null;
        }

        return new ProxySsl
        {
            SecretNamespace = ns,
            Secret = name,
            Verify = verify ?? false,
            VerifyDepth = depth ?? 1,
            ServerName = serverName,
            SendServerName = sendServerName ?? false,
            Protocols = protocols ?? SslProtocols.Tls12,
        };
    }

    private static SslProtocols? ParseProtocols(AnnotationReader reader)
    {
        var value = reader.Read(ProtocolsName);
        if (value is null)
        {
            return null;
        }

        var protocols = SslProtocols.None;
        foreach (var range in value.AsSpan().Split(' '))
        {
            var token = value.AsSpan(range);
            if (token.SequenceEqual("TLSv1.2"))
            {
                protocols |= SslProtocols.Tls12;
            }
            else if (token.SequenceEqual("TLSv1.3"))
            {
                protocols |= SslProtocols.Tls13;
            }
            else if (!token.IsEmpty)
            {
                reader.Invalid(ProtocolsName, value, $"has {AnnotationText.Quote(token.ToString())}; use TLSv1.2 and/or TLSv1.3, separated by spaces");
                return null;
            }
        }

        return protocols;
    }
}
