using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using IngressCore.IntegrationTests.Support;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Nginx;

/// <summary>A request of the auth differential suite: Host, target, headers and the client certificate curl sends (TLS cases).</summary>
public sealed record AuthProbe(string Host, string Target, (string Name, string Value)[] Headers, string? Certificate = null)
{
    public override string ToString() =>
        $"GET {Target} Host: {Host}{string.Concat(Headers.Select(h => $" {h.Name}: {h.Value}"))}{(Certificate is null ? "" : $" cert: {Certificate}")}";
}

/// <summary>
/// How a request was answered, in a form both sides give: the status, the headers the auth
/// annotations decide (Location, WWW-Authenticate, Set-Cookie), the upstream echo line for a 200,
/// and what the auth service received.
/// </summary>
internal sealed record AuthOutcome(int Status, string? Location, string? Challenge, string? Cookie, string? Upstream, string Subrequests)
{
    public override string ToString() =>
        $"{Status} location={Location ?? "-"} www-authenticate={Challenge ?? "-"} set-cookie={Cookie ?? "-"} upstream={Upstream?.TrimEnd('\n') ?? "-"} subrequests=[{Subrequests}]";
}

/// <summary>
/// Runs requests through a real nginx configured by <see cref="IngressNginxAuthRenderer"/> and
/// through a real IngressCore gateway on the same Ingresses and Secrets, with one real auth service
/// behind both, and pairs the answers.
/// </summary>
internal static class NginxAuthDifferential
{
    /// <summary>The auth service's policy: the client's <c>X-Probe</c> header decides, so both sides get the same answer.</summary>
    public static async Task AnswerByProbeAsync(AuthRequest request, HttpResponse response)
    {
        switch (request.Header("X-Probe"))
        {
            case "allow":
                response.Headers["X-Auth-Request-User"] = "alice";
                response.Headers.SetCookie = "session=1; Path=/";
                break;
            case "forbid":
                response.StatusCode = 403;
                break;
            case "error":
                response.StatusCode = 500;
                break;
            case "redirect":
                response.StatusCode = 302;
                response.Headers.Location = "https://login.example.com/";
                break;
            default:
                response.StatusCode = 401;
                response.Headers.WWWAuthenticate = "Bearer realm=\"probe\"";
                break;
        }

        await Task.CompletedTask;
    }

    public static async Task<IReadOnlyList<(AuthProbe Probe, AuthOutcome Nginx, AuthOutcome IngressCore, string Config)>> RunAsync(
        Func<AuthService, (IReadOnlyList<IngressDefinition> Ingresses, IReadOnlyList<SecretDefinition> Secrets)> objects,
        IReadOnlyList<AuthProbe> probes,
        bool tls)
    {
        await using var auth = await AuthService.StartAsync();
        auth.Answer = AnswerByProbeAsync;
        var (ingresses, secrets) = objects(auth);
        TlsSecret[] certificates = tls ? [.. ingresses.Select(i => TestCertificates.Secret(i.Namespace, i.Tls[0].SecretName!, i.Rules[0].Host!))] : [];

        string? config = null;
        await using var nginx = await NginxInstance.StartAsync((port, echo, directory) =>
            config = IngressNginxAuthRenderer.Render(ingresses, secrets, certificates, port, echo, directory, tls));
        await using var gateway = await Gateway.StartAsync(
            o =>
            {
                o.Ingresses.AddRange(ingresses);
                o.Secrets.AddRange(secrets);
                o.TlsSecrets.AddRange(certificates);
                o.Options.SslRedirect = false; // nginx's configuration here has no HTTPS redirect either
            },
            app => app.MapIngressBackendFallback(branch => branch.Run(context =>
            {
                var headers = context.Request.Headers;
                var body = string.Format(
                    CultureInfo.InvariantCulture, IngressNginxAuthRenderer.EchoFormat, headers["X-Auth-Request-User"], headers.Authorization,
                    headers["ssl-client-verify"], headers["ssl-client-subject-dn"], headers["ssl-client-issuer-dn"], headers.Cookie);
                context.Response.ContentLength = Encoding.UTF8.GetByteCount(body); // a raw reader takes no chunks
                return context.Response.WriteAsync(body);
            })),
            https: tls);

        var results = new List<(AuthProbe, AuthOutcome, AuthOutcome, string)>();
        foreach (var probe in probes)
        {
            var fromNginx = await SendAsync(auth, tls ? null : nginx.Port, tls ? nginx.Port : null, probe);
            var fromCore = await SendAsync(auth, tls ? null : gateway.HttpPort, tls ? gateway.HttpsPort : null, probe);
            results.Add((probe, fromNginx, fromCore, config!));
        }

        return results;
    }

    private static async Task<AuthOutcome> SendAsync(AuthService auth, int? httpPort, int? httpsPort, AuthProbe probe)
    {
        var before = auth.Requests.Items.Count;
        CurlResponse response;
        if (httpPort is { } port)
        {
            var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"GET {probe.Target} HTTP/1.1\r\nHost: {probe.Host}\r\n");
            foreach (var (name, value) in probe.Headers)
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }

            response = await RawHttp.SendAsync(port, head.Append("Connection: close\r\n\r\n").ToString());
        }
        else
        {
            var pki = OpenSslPki.Shared.Value;
            // The Host header without the port, as the plain-HTTP probes send it: both sides listen on different ports.
            List<string> args = ["--max-time", "15", "-k", "--resolve", $"{probe.Host}:{httpsPort}:127.0.0.1", "-H", $"Host: {probe.Host}"];
            foreach (var (name, value) in probe.Headers)
            {
                args.AddRange(["-H", $"{name}: {value}"]);
            }

            if (probe.Certificate is { } certificate)
            {
                args.AddRange(["--cert", pki.Cert(certificate), "--key", pki.Key(certificate)]);
            }

            args.Add($"https://{probe.Host}:{httpsPort}{probe.Target}");
            response = await Curl.RunAsync(args);
        }

        var subrequests = auth.Requests.Items.Skip(before).Select(Describe);
        return new AuthOutcome(
            response.Status,
            response.Header("Location"),
            response.Header("WWW-Authenticate"),
            response.Header("Set-Cookie"),
            response.Status == 200 ? response.Body : null,
            string.Join("; ", subrequests));
    }

    /// <summary>What the auth service received that ingress-nginx's auth location decides (not the request id, which is random).</summary>
    private static string Describe(AuthRequest r) =>
        $"{r.Method} {r.Target} host={r.Header("Host")} url={r.Header("X-Original-URL")} method={r.Header("X-Original-Method")} " +
        $"from={r.Header("X-Sent-From")} redirect={r.Header("X-Auth-Request-Redirect")} xff={r.Header("X-Forwarded-For")} " +
        $"real-ip={r.Header("X-Real-IP")} uri={r.Header("X-Original-URI")} scheme={r.Header("X-Scheme")} proto={r.Header("X-Forwarded-Proto")} " +
        $"probe={r.Header("X-Probe")} authorization={r.Header("Authorization")} verify={r.Header("ssl-client-verify")} sdn={r.Header("ssl-client-subject-dn")}";
}
