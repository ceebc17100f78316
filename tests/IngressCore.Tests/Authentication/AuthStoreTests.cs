using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using static IngressCore.Tests.Support.Manifest;
using IngressCore.Authentication;
using IngressCore.Diagnostics;
using IngressCore.Matching;
using IngressCore.Model;
using IngressCore.Runtime;
using IngressCore.Sources;

namespace IngressCore.Tests.Authentication;

/// <summary>What the snapshot loads for the authentication annotations, and how a reload reuses or replaces it.</summary>
public sealed class AuthStoreTests
{
    private static IngressDefinition Protected(params (string Name, string Value)[] annotations) =>
        Ingress("app", Rule("app.example.com", Prefix("/", "web", 80))) with
        {
            Annotations = annotations.ToFrozenDictionary(a => "nginx.ingress.kubernetes.io/" + a.Name, a => a.Value),
        };

    private static SecretDefinition Users(string line) => new()
    {
        Namespace = "default",
        Name = "users",
        Data = new Dictionary<string, byte[]> { ["auth"] = Encoding.UTF8.GetBytes(line) },
    };

    private static string CaPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return ca.ExportCertificatePem();
    }

    [Fact]
    public void An_unchanged_Secret_keeps_its_loaded_users_and_a_changed_one_is_read_again()
    {
        var ingress = Protected(("auth-type", "basic"), ("auth-secret", "users"));
        var secret = Users("alice:" + Tools.Htpasswd("-s", "one"));
        var compiler = new SnapshotCompiler(new IngressRoutingOptions());
        var first = compiler.Compile(new IngressObjects { Ingresses = [ingress], Secrets = [secret] }, null).Snapshot;
        var basic = first.Routes.PoliciesOf(ingress).BasicAuth!;

        var same = compiler.Compile(new IngressObjects { Ingresses = [ingress], Secrets = [secret], Services = [new ServiceDefinition { Namespace = "default", Name = "x" }] }, first).Snapshot;
        var changed = compiler.Compile(new IngressObjects { Ingresses = [ingress], Secrets = [Users("alice:" + Tools.Htpasswd("-s", "two"))] }, first).Snapshot;

        Assert.Same(first.Authentication, same.Authentication);
        Assert.NotSame(first.Authentication.Users(basic), changed.Authentication.Users(basic));
        Assert.True(changed.Authentication.Users(basic)!.Verify("alice", "two"u8));
    }

    [Fact]
    public void Missing_objects_are_errors_naming_the_Ingress_and_the_location_is_denied()
    {
        var ingress = Protected(("auth-type", "basic"), ("auth-secret", "users"), ("auth-url", "http://a.example.com/"), ("auth-proxy-set-headers", "headers"));

        var snapshot = IngressSnapshot.Build(new IngressObjects { Ingresses = [ingress] });

        var errors = snapshot.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("default/app", e.ObjectName));
        var policy = snapshot.AccessPolicy(snapshot.Routes.Match("app.example.com", "/"))!;
        Assert.False(policy.IsUsable);
        Assert.Equal(503, policy.Evaluate(new Request("app.example.com", "/"), 200).StatusCode);
    }

    [Fact]
    public void The_CA_bundle_comes_from_an_Opaque_Secret_or_a_TLS_Secrets_ca_crt_and_a_revocation_list_refuses_it()
    {
        var ingress = Protected(("auth-tls-secret", "ca"));
        var pem = CaPem();
        var opaque = new SecretDefinition { Namespace = "default", Name = "ca", Data = new Dictionary<string, byte[]> { ["ca.crt"] = Encoding.UTF8.GetBytes(pem) } };
        var tls = new TlsSecret { Namespace = "default", Name = "ca", CertificatePem = pem, PrivateKeyPem = "-", CaCertificatePem = pem };
        var crl = opaque with { Data = new Dictionary<string, byte[]>(opaque.Data) { ["ca.crl"] = [1] } };

        VirtualHost Host(IngressSnapshot s) => s.Routes.Match("app.example.com", "/").VirtualHost!;
        var fromOpaque = IngressSnapshot.Build(new IngressObjects { Ingresses = [ingress], Secrets = [opaque] });
        var fromTls = IngressSnapshot.Build(new IngressObjects { Ingresses = [ingress], TlsSecrets = [tls] });
        var withCrl = IngressSnapshot.Build(new IngressObjects { Ingresses = [ingress], Secrets = [crl] });

        Assert.Single(fromOpaque.Authentication.Bundle(Host(fromOpaque).ClientCertificates!)!.Certificates);
        Assert.NotNull(fromTls.Authentication.Bundle(Host(fromTls).ClientCertificates!));
        Assert.Null(withCrl.Authentication.Bundle(Host(withCrl).ClientCertificates!));
        Assert.Contains(withCrl.Diagnostics, d => d.Field == "data[ca.crl]" && d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_proxy_set_headers_value_with_a_variable_is_refused()
    {
        var ingress = Protected(("auth-url", "http://a.example.com/"), ("auth-proxy-set-headers", "headers"));
        var map = new ConfigMapDefinition { Namespace = "default", Name = "headers", Data = new Dictionary<string, string> { ["X-User"] = "$remote_user" } };

        var snapshot = IngressSnapshot.Build(new IngressObjects { Ingresses = [ingress], ConfigMaps = [map] });

        Assert.Contains(snapshot.Diagnostics, d => d.Kind == "ConfigMap" && d.Field == "data[X-User]" && d.Message.Contains("nginx variable", StringComparison.Ordinal));
        Assert.False(snapshot.AccessPolicy(snapshot.Routes.Match("app.example.com", "/"))!.IsUsable);
    }

    private sealed class Request(string host, string target) : Decisions.IIngressRequest
    {
        public string Scheme => "http";

        public string Host => host;

        public string Target => target;

        public int ServerPort => 80;

        public string? ForwardedHost => null;

        public string? GetHeader(string name) => null;

        public string? GetCookie(string name) => null;
    }
}
