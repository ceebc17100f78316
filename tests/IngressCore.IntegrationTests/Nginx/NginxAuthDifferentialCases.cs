using Xunit.Sdk;
using IngressCore.IntegrationTests.Support;
using IngressCore.Model;
using static IngressCore.IntegrationTests.Nginx.NginxIngresses;

namespace IngressCore.IntegrationTests.Nginx;

/// <summary>
/// Authentication cases of ingress-nginx's e2e suite (test/e2e/annotations/auth.go, satisfy.go,
/// authtls.go) run through real nginx, configured as ingress-nginx renders the Ingresses, and
/// through a real IngressCore gateway, with the same auth service, htpasswd files (made by
/// htpasswd) and client certificates (made by openssl). Both must answer alike: status, Location,
/// WWW-Authenticate, Set-Cookie, what the backend receives, and what the auth service receives.
/// </summary>
public sealed class NginxAuthDifferentialCases
{
    private sealed record Case(
        string Name,
        Func<AuthService, (IReadOnlyList<IngressDefinition>, IReadOnlyList<SecretDefinition>)> Objects,
        AuthProbe[] Probes,
        bool Tls = false)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<string> CaseNames() => [.. All.Select(c => c.Name)];

    private static readonly Lazy<string[]> Users = new(() =>
    [
        Htpasswd.Line("-B", "bcrypt", "one"),
        Htpasswd.Line("-m", "apr1", "two"),
        Htpasswd.Line("-s", "sha1", "three"),
    ]);

    private static IngressDefinition App(string host, params (string Name, string Value)[] annotations) =>
        Ingress("app", 1, host, NginxAnnotations(annotations), ("/", PathType.Prefix));

    private static IngressDefinition TlsApp(string host, params (string Name, string Value)[] annotations) =>
        App(host, annotations) with { Tls = [new IngressTls { Hosts = [host], SecretName = "app-tls" }] };

    private static AuthProbe Get(string host, string target, params (string, string)[] headers) => new(host, target, headers);

    private static readonly Case[] All =
    [
        // auth.go "when external authentication is configured": each status of the auth service.
        new Case(
            "external auth statuses",
            auth => ([App("external.test", ("auth-url", auth.Url + "/verify?check=1"), ("auth-response-headers", "X-Auth-Request-User"))], []),
            [
                Get("external.test", "/orders?id=7", ("X-Probe", "allow"), ("Cookie", "_oauth2_proxy=abc")),
                Get("external.test", "/", ("X-Probe", "deny")),
                Get("external.test", "/", ("X-Probe", "forbid")),
                Get("external.test", "/", ("X-Probe", "error")),
                Get("external.test", "/", ("X-Probe", "redirect")),
                // A client's own X-Auth-Request-User is replaced by the auth answer's (here: none).
                Get("external.test", "/x", ("X-Probe", "allow"), ("X-Auth-Request-User", "mallory")),
            ]),

        // auth.go "should redirect to signin url when not signed in", and the redirect parameter.
        new Case(
            "auth-signin",
            auth =>
            ([
                App("signin.test", ("auth-url", auth.Url + "/verify"), ("auth-signin", "http://$host/auth/start")),
                Ingress("custom", 2, "param.test", NginxAnnotations(("auth-url", auth.Url + "/verify"), ("auth-signin", "https://login.example.com/start?x=1"), ("auth-signin-redirect-param", "orig")), ("/", PathType.Prefix)),
            ], []),
            [
                Get("signin.test", "/?a=b&c=d"),
                Get("signin.test", "/path/with%20space?q=%3F"),
                Get("signin.test", "/", ("X-Probe", "allow")),
                Get("param.test", "/deep/link?x=y"),
            ]),

        // auth-method and auth-request-redirect shape the subrequest (nginx.tmpl's auth location).
        new Case(
            "auth-method and auth-request-redirect",
            auth => ([App("method.test", ("auth-url", auth.Url + "/verify"), ("auth-method", "POST"), ("auth-request-redirect", "/after-login"))], []),
            [Get("method.test", "/page?q=1", ("X-Probe", "allow")), Get("method.test", "/page", ("X-Probe", "forbid"))]),

        // auth.go basic auth: right, wrong and missing credentials, for each hash htpasswd writes.
        new Case(
            "basic auth",
            _ => ([App("basic.test", ("auth-type", "basic"), ("auth-secret", "basic-auth"), ("auth-realm", "test auth"))], [Htpasswd.Secret("default", "basic-auth", Users.Value)]),
            [
                Get("basic.test", "/", ("Authorization", Htpasswd.Basic("bcrypt", "one"))),
                Get("basic.test", "/", ("Authorization", Htpasswd.Basic("apr1", "two"))),
                Get("basic.test", "/", ("Authorization", Htpasswd.Basic("sha1", "three"))),
                Get("basic.test", "/", ("Authorization", Htpasswd.Basic("bcrypt", "two"))),
                Get("basic.test", "/", ("Authorization", Htpasswd.Basic("nobody", "one"))),
                Get("basic.test", "/"),
                Get("basic.test", "/", ("Authorization", "Bearer abc")),
            ]),

        // satisfy.go "should allow multiple auth with satisfy any".
        new Case(
            "satisfy any with basic and external auth",
            auth =>
            ([App("satisfy.test", ("auth-type", "basic"), ("auth-secret", "basic-auth"), ("auth-realm", "test basic auth"),
                ("auth-url", auth.Url + "/basic-auth/user/password"), ("auth-signin", "http://$host/auth/start"), ("satisfy", "any"))],
             [Htpasswd.Secret("default", "basic-auth", Users.Value)]),
            [
                Get("satisfy.test", "/", ("Authorization", Htpasswd.Basic("bcrypt", "one"))),
                Get("satisfy.test", "/?a=b&c=d"),
                Get("satisfy.test", "/", ("X-Probe", "allow")),
                Get("satisfy.test", "/", ("X-Probe", "forbid")),
                Get("satisfy.test", "/", ("X-Probe", "error"), ("Authorization", Htpasswd.Basic("bcrypt", "bad"))),
            ]),

        // satisfy with the source ranges: nginx's access module beside auth_basic and auth_request.
        new Case(
            "satisfy and source ranges",
            auth =>
            ([
                App("any-in.test", ("auth-type", "basic"), ("auth-secret", "basic-auth"), ("allowlist-source-range", "127.0.0.0/8"), ("satisfy", "any")),
                Ingress("any-out", 2, "any-out.test", NginxAnnotations(("auth-type", "basic"), ("auth-secret", "basic-auth"), ("allowlist-source-range", "10.0.0.0/8"), ("satisfy", "any")), ("/", PathType.Prefix)),
                Ingress("all-out", 3, "all-out.test", NginxAnnotations(("auth-type", "basic"), ("auth-secret", "basic-auth"), ("allowlist-source-range", "10.0.0.0/8")), ("/", PathType.Prefix)),
                Ingress("deny-any", 4, "deny-any.test", NginxAnnotations(("auth-url", auth.Url + "/verify"), ("denylist-source-range", "127.0.0.1"), ("satisfy", "any")), ("/", PathType.Prefix)),
            ], [Htpasswd.Secret("default", "basic-auth", Users.Value)]),
            [
                Get("any-in.test", "/"),
                Get("any-out.test", "/"),
                Get("any-out.test", "/", ("Authorization", Htpasswd.Basic("sha1", "three"))),
                Get("all-out.test", "/", ("Authorization", Htpasswd.Basic("sha1", "three"))),
                Get("deny-any.test", "/", ("X-Probe", "allow")),
                Get("deny-any.test", "/", ("X-Probe", "forbid")),
            ]),

        // authtls.go: verify on, optional, optional_no_ca, match-cn; the names sent upstream.
        new Case(
            "client certificates, verify on",
            _ => ([TlsApp("tls.test", ("auth-tls-secret", "default/ca-secret"))], [OpenSslPki.Shared.Value.CaSecret("default", "ca-secret")]),
            [
                new AuthProbe("tls.test", "/", []),
                new AuthProbe("tls.test", "/", [], "client"),
                new AuthProbe("tls.test", "/", [], "stranger"),
                new AuthProbe("tls.test", "/", [("ssl-client-verify", "SUCCESS")], "server-only"),
            ],
            Tls: true),
        new Case(
            "client certificates, optional",
            _ => ([TlsApp("optional.test", ("auth-tls-secret", "ca-secret"), ("auth-tls-verify-client", "optional"))], [OpenSslPki.Shared.Value.CaSecret("default", "ca-secret")]),
            [
                new AuthProbe("optional.test", "/", [("ssl-client-verify", "SUCCESS")]),
                new AuthProbe("optional.test", "/", [], "client"),
                new AuthProbe("optional.test", "/", [], "stranger"),
            ],
            Tls: true),
        new Case(
            "client certificates, optional_no_ca",
            _ => ([TlsApp("noca.test", ("auth-tls-secret", "ca-secret"), ("auth-tls-verify-client", "optional_no_ca"))], [OpenSslPki.Shared.Value.CaSecret("default", "ca-secret")]),
            [
                new AuthProbe("noca.test", "/", []),
                new AuthProbe("noca.test", "/", [], "stranger"),
                new AuthProbe("noca.test", "/", [], "client"),
                new AuthProbe("noca.test", "/", [], "server-only"), // a wrong purpose is no trust problem: refused
            ],
            Tls: true),
        new Case(
            "client certificates with match-cn and external auth",
            auth => ([TlsApp("cn.test", ("auth-tls-secret", "ca-secret"), ("auth-tls-match-cn", "CN=(nobody|client)"), ("auth-url", auth.Url + "/verify"))],
                [OpenSslPki.Shared.Value.CaSecret("default", "ca-secret")]),
            [
                new AuthProbe("cn.test", "/", [("X-Probe", "allow")], "client"),
                new AuthProbe("cn.test", "/", [("X-Probe", "allow")]),
            ],
            Tls: true),
    ];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task IngressCore_authenticates_as_ingress_nginx(string name)
    {
        var scenario = All.Single(c => c.Name == name);
        var results = await NginxAuthDifferential.RunAsync(
            auth =>
            {
                var (ingresses, secrets) = scenario.Objects(auth);
                return (ingresses, secrets);
            },
            scenario.Probes,
            scenario.Tls);

        var failures = results
            .Where(r => r.Nginx != r.IngressCore)
            .Select(r => $"{r.Probe}\n    nginx:       {r.Nginx}\n    IngressCore: {r.IngressCore}")
            .ToList();
        if (failures.Count > 0)
        {
            throw new XunitException(string.Join("\n", failures) + "\n\nnginx.conf:\n" + results[0].Config);
        }

        // The suite must see both sides refuse and let through, or it proves little.
        Assert.Contains(results, r => r.Nginx.Status == 200);
        Assert.Contains(results, r => r.Nginx.Status != 200);
    }
}
