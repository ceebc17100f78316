using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using IngressCore.Annotations;
using IngressCore.Authentication;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Runtime;

namespace IngressCore.Routing.Policies;

/// <summary>
/// <c>auth-tls-*</c> per request, where nginx checks the client certificate: when the request head
/// has been read, before any location (docs/annotations.md, client certificates). The handshake
/// asked for a certificate (<c>UseIngressTls</c>); here it is verified against the host's CA bundle
/// (once per connection), and the request is refused (400, or the <c>auth-tls-error-page</c>), or
/// goes on with the <c>ssl-client-*</c> headers set for the backend and every client copy of them removed.
/// </summary>
internal static class ClientCertificateCheck
{
    /// <summary>The headers nginx sets for the backend and the auth service.</summary>
    public static readonly string[] HeaderNames = ["ssl-client-verify", "ssl-client-subject-dn", "ssl-client-issuer-dn", "ssl-client-cert"];

    /// <summary>
    /// The answer that ends the request, or <see langword="null"/> when it goes on (its verification
    /// result then is in <paramref name="result"/> for the headers).
    /// </summary>
    public static Task? Check(HttpContext context, IngressSnapshot snapshot, IngressDecision decision, TimeProvider time, Func<HttpContext, Task> reroute, out ClientCertificateResult? result)
    {
        result = null;
        if (context.Features.Get<ErrorPageFeature>() is { } errorPage)
        {
            // The error page's internal redirect: nginx does not check the certificate again.
            result = errorPage.Result;
            return null;
        }

        var host = decision.Match.VirtualHost;
        if (host?.ClientCertificates is not { } policy)
        {
            return null;
        }

        // A CA bundle that cannot be used refuses the whole host, as ingress-nginx's AuthTLSError does.
        if (snapshot.Authentication.Bundle(policy) is not { } bundle)
        {
            return IngressRoutingMiddleware.StatusPageAsync(context, StatusCodes.Status403Forbidden);
        }

        if (policy.Verification != ClientCertificateVerification.Off && context.Request.IsHttps)
        {
            // The handshake took its options from the server name; nginx answers 421 when the Host
            // names a server that verifies client certificates differently.
            var serverName = context.Features.Get<ITlsHandshakeFeature>()?.HostName ?? "";
            if (!ReferenceEquals(snapshot.Routes.SelectVirtualHost(serverName)?.ClientCertificates, policy))
            {
                return IngressRoutingMiddleware.PlainTextAsync(context, StatusCodes.Status421MisdirectedRequest, "421 Misdirected Request\n");
            }

            result = Verify(context, bundle, policy, time);
            if (result.Refusal != 0)
            {
                return Refuse(context, policy, result, reroute);
            }
        }
        else if (policy.Verification == ClientCertificateVerification.On && decision.Kind != IngressDecisionKind.Redirect)
        {
            // No TLS, so no certificate: refused rather than served (nginx lets plain HTTP through).
            result = new ClientCertificateResult("NONE", null, "", "", ClientCertificateResult.NoCertificate);
            return Refuse(context, policy, result, reroute);
        }

        // auth-tls-match-cn: nginx's server-level "if ($ssl_client_s_dn !~ …) return 403", before any redirect.
        if (policy.MatchCn is { } match && !match.IsMatch(result?.SubjectDn ?? ""))
        {
            return IngressRoutingMiddleware.PlainTextAsync(context, StatusCodes.Status403Forbidden, "403 Forbidden: client certificate unauthorized\n");
        }

        return null;
    }

    /// <summary>Sets the <c>ssl-client-*</c> request headers the backend (and the auth service) receive.</summary>
    public static void SetHeaders(IHeaderDictionary headers, ClientCertificateAuth policy, ClientCertificateResult? result)
    {
        foreach (var name in HeaderNames)
        {
            headers.Remove(name);
        }

        if (result is null)
        {
            return;
        }

        headers["ssl-client-verify"] = result.Verify;
        if (result.SubjectDn.Length > 0)
        {
            headers["ssl-client-subject-dn"] = result.SubjectDn;
        }

        if (result.IssuerDn.Length > 0)
        {
            headers["ssl-client-issuer-dn"] = result.IssuerDn;
        }

        if (policy.PassCertificateToUpstream && result.Certificate is { } certificate)
        {
            // nginx's $ssl_client_escaped_cert: the PEM, URL-encoded.
            var pem = PemEncoding.WriteString("CERTIFICATE", certificate.RawData) + "\n";
            headers["ssl-client-cert"] = Uri.EscapeDataString(pem);
        }
    }

    /// <summary>Verifies the connection's certificate once per connection, bundle and policy.</summary>
    private static ClientCertificateResult Verify(HttpContext context, CaBundle bundle, ClientCertificateAuth policy, TimeProvider time)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(typeof(ClientCertificateCheck), out var cached) &&
            cached is Cached(var b, var p, var r) && ReferenceEquals(b, bundle) && ReferenceEquals(p, policy))
        {
            return r;
        }

        var certificate = context.Features.Get<ITlsConnectionFeature>()?.ClientCertificate;
        var sent = PeerCertificates.Of(context.Features.Get<ISslStreamFeature>()?.SslStream);
        var result = ClientCertificateVerifier.Verify(certificate, sent, bundle, policy, time.GetUtcNow());
        if (items is not null)
        {
            items[typeof(ClientCertificateCheck)] = new Cached(bundle, policy, result);
        }

        return result;
    }

    /// <summary>400 (nginx's 495 and 496 are sent as 400), or the error page: a redirect, or that path served instead.</summary>
    private static Task Refuse(HttpContext context, ClientCertificateAuth policy, ClientCertificateResult result, Func<HttpContext, Task> reroute)
    {
        if (policy.ErrorPage is { } page && context.Features.Get<ErrorPageFeature>() is null)
        {
            if (!page.StartsWith('/'))
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = page;
                return Task.CompletedTask;
            }

            // nginx's internal redirect: the error page's location answers, without this check again.
            context.Features.Set(new ErrorPageFeature(result));
            context.Request.Path = page;
            context.Request.QueryString = QueryString.Empty;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
            }

            if (context.Features.Get<IHttpRequestFeature>() is { } request)
            {
                request.RawTarget = page;
            }

            return reroute(context);
        }

        return IngressRoutingMiddleware.PlainTextAsync(context, StatusCodes.Status400BadRequest, result.Refusal == ClientCertificateResult.NoCertificate
            ? "400 Bad Request: no required SSL certificate was sent\n"
            : "400 Bad Request: the SSL certificate error\n");
    }

    private sealed record Cached(CaBundle Bundle, ClientCertificateAuth Policy, ClientCertificateResult Result);

    /// <summary>Marks a request already sent to its client-certificate error page, with what was found.</summary>
    internal sealed record ErrorPageFeature(ClientCertificateResult Result);
}
