using System.Globalization;
using System.Text;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Nginx;

/// <summary>
/// Renders the authentication parts of the nginx.conf ingress-nginx generates for an Ingress
/// (rootfs/etc/nginx/template/nginx.tmpl: the <c>auth_request</c> location, <c>auth_request_set</c>
/// of the response headers and the cookie, <c>error_page 401</c> to the sign-in location,
/// <c>auth_basic</c>, <c>satisfy</c>, allow/deny, and the server's <c>ssl_client_certificate</c>,
/// <c>ssl_verify_client</c>, <c>ssl_verify_depth</c> and <c>auth-tls-match-cn</c> check). Read from
/// the raw annotations as ingress-nginx's parsers do, sharing no code with <c>src/</c>, so that it
/// can disagree with IngressCore. One path per Ingress; the location proxies to an echo server that
/// prints the request headers the auth annotations set.
/// </summary>
internal static class IngressNginxAuthRenderer
{
    private const string Prefix = "nginx.ingress.kubernetes.io/";

    /// <summary>The echo line both backends answer with: what the auth annotations put on the upstream request.</summary>
    public const string EchoFormat = "user={0}|authorization={1}|verify={2}|sdn={3}|idn={4}|cookie={5}\n";

    /// <summary>Renders the configuration; writes the htpasswd files, CA bundles and certificates into <paramref name="directory"/>.</summary>
    public static string Render(
        IReadOnlyList<IngressDefinition> ingresses,
        IReadOnlyList<SecretDefinition> secrets,
        IReadOnlyList<TlsSecret> certificates,
        int port,
        int echoPort,
        string directory,
        bool tls)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            load_module /usr/lib/nginx/modules/ndk_http_module.so;
            load_module /usr/lib/nginx/modules/ngx_http_set_misc_module.so;
            worker_processes 1;
            error_log {{directory}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                port_in_redirect off;
                proxy_connect_timeout 5s;
                proxy_read_timeout 10s;

                server {
                    listen 127.0.0.1:{{echoPort}};
                    location / {
                        return 200 "user=$http_x_auth_request_user|authorization=$http_authorization|verify=$http_ssl_client_verify|sdn=$http_ssl_client_subject_dn|idn=$http_ssl_client_issuer_dn|cookie=$http_cookie\n";
                    }
                }

            """);

        foreach (var ingress in ingresses)
        {
            RenderServer(text, ingress, secrets, certificates, port, echoPort, directory, tls);
        }

        text.Append("}\n");
        return text.ToString();
    }

    private static void RenderServer(
        StringBuilder text, IngressDefinition ingress, IReadOnlyList<SecretDefinition> secrets, IReadOnlyList<TlsSecret> certificates,
        int port, int echoPort, string directory, bool tls)
    {
        string? Get(string name) => ingress.Annotations.TryGetValue(Prefix + name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

        var rule = ingress.Rules[0];
        var path = rule.Paths![0].Path!;
        text.Append(CultureInfo.InvariantCulture, $"""
                server {"{"}
                    listen 127.0.0.1:{port}{(tls ? " ssl" : "")};
                    server_name {rule.Host};

            """);

        if (tls)
        {
            var certificate = certificates.Single(c => c.Name == ingress.Tls[0].SecretName);
            File.WriteAllText(Path.Combine(directory, "server.crt"), certificate.CertificatePem);
            File.WriteAllText(Path.Combine(directory, "server.key"), certificate.PrivateKeyPem);
            text.Append(CultureInfo.InvariantCulture, $"""
                        ssl_certificate {directory}/server.crt;
                        ssl_certificate_key {directory}/server.key;

                """);
        }

        // The server block: client certificates (nginx.tmpl "SERVER" template).
        if (Get("auth-tls-secret") is { } caSecret)
        {
            var secret = secrets.Single(s => s.Name == caSecret.Split('/')[^1]);
            File.WriteAllBytes(Path.Combine(directory, "ca.crt"), secret.Data["ca.crt"]);
            var verify = Get("auth-tls-verify-client") is "on" or "off" or "optional" or "optional_no_ca" ? Get("auth-tls-verify-client") : "on";
            var depth = int.TryParse(Get("auth-tls-verify-depth"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d > 0 ? d : 1;
            if (Get("auth-tls-match-cn") is { } matchCn)
            {
                text.Append(CultureInfo.InvariantCulture, $$"""
                            if ( $ssl_client_s_dn !~ "{{matchCn}}" ) {
                                return 403 "client certificate unauthorized";
                            }

                    """);
            }

            text.Append(CultureInfo.InvariantCulture, $"""
                        ssl_client_certificate {directory}/ca.crt;
                        ssl_verify_client {verify};
                        ssl_verify_depth {depth};

                """);
        }

        var authPath = "/_external-auth-" + Convert.ToBase64String(Encoding.UTF8.GetBytes(path)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "-Prefix";
        var authUrl = Get("auth-url");
        if (authUrl is not null)
        {
            var host = new Uri(authUrl).Host;
            text.Append(CultureInfo.InvariantCulture, $$"""
                        location = {{authPath}} {
                            internal;
                            proxy_intercept_errors      off;
                            proxy_pass_request_body     off;
                            proxy_set_header            Content-Length          "";
                            proxy_set_header            X-Forwarded-Proto       "";
                            proxy_set_header            X-Request-ID            $request_id;

                """);
            if (Get("auth-method") is { } method)
            {
                text.Append(CultureInfo.InvariantCulture, $$"""
                                proxy_method                {{method}};
                                proxy_set_header            X-Original-URI          $request_uri;
                                proxy_set_header            X-Scheme                $scheme;

                    """);
            }

            text.Append(CultureInfo.InvariantCulture, $$"""
                            proxy_set_header            Host                    {{host}};
                            proxy_set_header            X-Original-URL          $scheme://$http_host$request_uri;
                            proxy_set_header            X-Original-Method       $request_method;
                            proxy_set_header            X-Sent-From             "nginx-ingress-controller";
                            proxy_set_header            X-Real-IP               $remote_addr;
                            proxy_set_header            X-Forwarded-For         $remote_addr;
                            proxy_set_header            X-Auth-Request-Redirect {{Get("auth-request-redirect") ?? "$request_uri"}};
                            proxy_ssl_server_name       on;
                            proxy_pass_request_headers  on;

                """);
            if (Get("auth-tls-secret") is not null)
            {
                text.Append("""
                                proxy_set_header ssl-client-verify      $ssl_client_verify;
                                proxy_set_header ssl-client-subject-dn  $ssl_client_s_dn;
                                proxy_set_header ssl-client-issuer-dn   $ssl_client_i_dn;

                    """);
            }

            text.Append(CultureInfo.InvariantCulture, $$"""
                            proxy_http_version 1.1;
                            set $target "{{authUrl}}";
                            proxy_pass $target;
                        }

                """);

            if (Get("auth-signin") is { } signin)
            {
                text.Append(CultureInfo.InvariantCulture, $$"""
                            location @signin {
                                internal;
                                add_header Set-Cookie $auth_cookie;
                                return 302 {{SigninUrl(signin, Get("auth-signin-redirect-param"))}};
                            }

                    """);
            }
        }

        text.Append(CultureInfo.InvariantCulture, $$"""
                    location {{path}} {

            """);
        foreach (var cidr in (Get("denylist-source-range") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            text.Append(CultureInfo.InvariantCulture, $"            deny {cidr};\n");
        }

        if (Get("allowlist-source-range") is { } allowlist)
        {
            foreach (var cidr in allowlist.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                text.Append(CultureInfo.InvariantCulture, $"            allow {cidr};\n");
            }

            text.Append("            deny all;\n");
        }

        if (authUrl is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                            auth_request        {{authPath}};
                            auth_request_set    $auth_cookie $upstream_http_set_cookie;
                            add_header          Set-Cookie $auth_cookie{{(Get("auth-always-set-cookie") is "true" ? " always" : "")}};

                """);
            var headers = (Get("auth-response-headers") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < headers.Length; i++)
            {
                var variable = headers[i].ToLowerInvariant().Replace('-', '_');
                text.Append(CultureInfo.InvariantCulture, $"            auth_request_set $authHeader{i} $upstream_http_{variable};\n");
                text.Append(CultureInfo.InvariantCulture, $"            proxy_set_header '{headers[i]}' $authHeader{i};\n");
            }

            if (Get("auth-signin") is not null)
            {
                text.Append("""
                                set_escape_uri $escaped_request_uri $request_uri;
                                error_page 401 = @signin;

                    """);
            }
        }

        if (Get("auth-type") == "basic")
        {
            var secret = secrets.Single(s => s.Name == Get("auth-secret")!.Split('/')[^1]);
            var file = Path.Combine(directory, secret.Name + ".passwd");
            File.WriteAllBytes(file, secret.Data["auth"]);
            text.Append(CultureInfo.InvariantCulture, $$"""
                            auth_basic "{{Get("auth-realm") ?? ""}}";
                            auth_basic_user_file {{file}};
                            proxy_set_header Authorization "";

                """);
        }

        if (Get("auth-tls-secret") is not null)
        {
            text.Append("""
                            proxy_set_header ssl-client-verify      $ssl_client_verify;
                            proxy_set_header ssl-client-subject-dn  $ssl_client_s_dn;
                            proxy_set_header ssl-client-issuer-dn   $ssl_client_i_dn;

                """);
        }

        if (Get("satisfy") is "any" or "all")
        {
            text.Append(CultureInfo.InvariantCulture, $"            satisfy {Get("satisfy")};\n");
        }

        text.Append(CultureInfo.InvariantCulture, $$"""
                        proxy_pass http://127.0.0.1:{{echoPort}};
                    }
                }

            """);
    }

    /// <summary>ingress-nginx's <c>buildAuthSignURL</c>.</summary>
    private static string SigninUrl(string signin, string? param)
    {
        param ??= "rd";
        var question = signin.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return $"{signin}?{param}=$scheme://$http_host$escaped_request_uri";
        }

        var query = signin[(question + 1)..].Split('&');
        return query.Any(p => p.StartsWith(param + "=", StringComparison.Ordinal) && p.Length > param.Length + 1)
            ? signin
            : $"{signin}&{param}=$scheme://$http_host$escaped_request_uri";
    }
}
