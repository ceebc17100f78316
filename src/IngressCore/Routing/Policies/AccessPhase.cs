using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using IngressCore.Annotations;
using IngressCore.Authentication;
using IngressCore.Decisions;
using IngressCore.Runtime;

namespace IngressCore.Routing.Policies;

/// <summary>
/// nginx's access phase for a location with authentication (docs/annotations.md, "Authentication"):
/// the deny/allow ranges, then basic auth (<c>auth_basic</c>), then external auth (<c>auth_request</c>),
/// combined by <c>satisfy</c> as <c>ngx_http_core_access_phase</c> combines them. Fails closed: a
/// location whose Secret or ConfigMap is unusable answers 503; an auth service that answers anything
/// but 2xx, 401 or 403, or does not answer in time, gives 500. Refusals are answered here and never
/// reach <c>custom-http-errors</c> or a default backend, so no error page can turn one into a pass
/// (CVE-2026-24513).
/// </summary>
internal sealed partial class AccessPhase(ExternalAuthClient client, ExternalAuthCache cache, IReadOnlyList<string> noAuthLocations, TrustedProxies proxies, ILogger logger)
{
    /// <summary>The statuses nginx's <c>add_header Set-Cookie $auth_cookie</c> (without <c>always</c>) applies to.</summary>
    private static readonly int[] CookieStatuses = [200, 201, 204, 206, 301, 302, 303, 304, 307, 308];

    // Request headers that are about this hop, or that the subrequest sets itself.
    private static readonly HashSet<string> NotPassed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length",
        "Content-Type", "Expect", "X-Forwarded-Proto", "X-Forwarded-For", "X-Real-IP", "X-Original-URL", "X-Original-Method",
        "X-Original-URI", "X-Sent-From", "X-Auth-Request-Redirect", "X-Request-ID", "X-Scheme", "ssl-client-verify",
        "ssl-client-subject-dn", "ssl-client-issuer-dn", "ssl-client-cert",
    };

    // From a client that is no trusted proxy these say nothing true about the request.
    private static readonly string[] Untrusted = ["X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Scheme", "Forwarded"];

    /// <summary>Whether the location runs basic or external authentication (not in a <c>no-auth-locations</c> path).</summary>
    public bool Applies(IngressAnnotations policies, string locationPath)
    {
        if (!policies.HasAuthentication)
        {
            return false;
        }

        foreach (var prefix in noAuthLocations)
        {
            if (locationPath.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Runs the checks; <see langword="true"/> when the request goes on to its backend (with the auth
    /// answer's headers set on it), <see langword="false"/> when the refusal has been written.
    /// </summary>
    public async Task<bool> AllowAsync(HttpContext context, IngressSnapshot snapshot, IngressDecision decision, ForwardedRequest forwarded, ClientCertificateResult? certificate)
    {
        var policies = decision.Match.Policies;
        var store = snapshot.Authentication;
        if (!store.CanAuthenticate(policies))
        {
            // ingress-nginx denies such a location: its Secret or ConfigMap is missing or unusable.
            await IngressRoutingMiddleware.StatusPageAsync(context, StatusCodes.Status503ServiceUnavailable);
            return false;
        }

        var any = policies.Satisfy == SatisfyMode.Any;
        var refusal = 0;
        var challenges = new List<string>();
        ExternalAuthAnswer? answer = null;

        if (AccessRules.Decide(ref refusal, AccessRules.Ranges(policies, forwarded.ClientAddress), any) is { } early)
        {
            return early ? Allow(context, policies, answer) : await RefuseAsync(context, policies, refusal, challenges, answer, forwarded);
        }

        if (policies.BasicAuth is { } basic)
        {
            var verdict = AccessRules.Basic(store.Users(basic)!, context.Request.Headers.Authorization.ToString());
            if (verdict == AccessCheck.Unauthorized)
            {
                challenges.Add($"Basic realm=\"{basic.Realm}\"");
            }

            if (AccessRules.Decide(ref refusal, verdict, any) is { } decided)
            {
                return decided ? Allow(context, policies, answer) : await RefuseAsync(context, policies, refusal, challenges, answer, forwarded);
            }
        }

        if (policies.ExternalAuth is { } external)
        {
            answer = await AskAsync(context, snapshot, decision, external, forwarded, certificate);
            var verdict = AccessRules.Of(answer.Outcome);
            if (answer.Outcome == ExternalAuthOutcome.Error)
            {
                LogAuthFailed(decision.Route?.Namespace ?? "-", decision.Route?.IngressName ?? "-", answer.Failure ?? "");
            }

            if (verdict == AccessCheck.Unauthorized)
            {
                challenges.AddRange(answer.Values(HeaderNames.WWWAuthenticate));
            }

            if (AccessRules.Decide(ref refusal, verdict, any) is { } decided)
            {
                return decided ? Allow(context, policies, answer) : await RefuseAsync(context, policies, refusal, challenges, answer, forwarded);
            }
        }

        // satisfy any and nothing let it through: the remembered refusal, if any check refused.
        return refusal == 0 ? Allow(context, policies, answer) : await RefuseAsync(context, policies, refusal, challenges, answer, forwarded);
    }

    /// <summary>The request goes on: the auth answer's headers are set on it and its cookies on the response.</summary>
    private static bool Allow(HttpContext context, IngressAnnotations policies, ExternalAuthAnswer? answer)
    {
        var headers = context.Request.Headers;
        if (policies.BasicAuth is not null)
        {
            // nginx's proxy_set_header Authorization "": the backend never sees the password.
            headers.Remove(HeaderNames.Authorization);
        }

        if (policies.ExternalAuth is { } external)
        {
            foreach (var name in external.ResponseHeaders)
            {
                // Always replaced: a client's own X-Auth-Request-User never reaches the backend.
                headers.Remove(name);
                var values = answer?.Outcome == ExternalAuthOutcome.Allow ? answer.Values(name).ToArray() : [];
                if (values.Length > 0)
                {
                    headers[name] = string.Join(", ", values);
                }
            }

            AddCookies(context, external, answer);
        }

        return true;
    }

    private async Task<bool> RefuseAsync(HttpContext context, IngressAnnotations policies, int refusal, List<string> challenges, ExternalAuthAnswer? answer, ForwardedRequest forwarded)
    {
        var external = policies.ExternalAuth;
        if (external is not null)
        {
            AddCookies(context, external, answer);
        }

        // The challenges stay on whatever the refusal turns into, as nginx keeps them in its response headers.
        if (challenges.Count > 0)
        {
            context.Response.Headers.WWWAuthenticate = challenges.ToArray();
        }

        if (refusal == StatusCodes.Status401Unauthorized && external?.Signin is { } signin)
        {
            // error_page 401 = @signin: a 302 to the sign-in page with where the client was going.
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = AccessRules.SigninLocation(external, signin, Values(context, forwarded));
            return false;
        }

        await IngressRoutingMiddleware.StatusPageAsync(context, refusal);
        return false;
    }

    /// <summary>The auth answer's <c>Set-Cookie</c> on the response: on success and redirect statuses, or on every one with <c>auth-always-set-cookie</c>.</summary>
    private static void AddCookies(HttpContext context, ExternalAuth external, ExternalAuthAnswer? answer)
    {
        var cookies = answer?.Values(HeaderNames.SetCookie).ToArray() ?? [];
        if (cookies.Length == 0)
        {
            return;
        }

        context.Response.OnStarting(() =>
        {
            if (external.AlwaysSetCookie || CookieStatuses.Contains(context.Response.StatusCode))
            {
                foreach (var cookie in cookies)
                {
                    context.Response.Headers.Append(HeaderNames.SetCookie, cookie);
                }
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Asks the auth service (or the cache) about the request.</summary>
    private async Task<ExternalAuthAnswer> AskAsync(
        HttpContext context, IngressSnapshot snapshot, IngressDecision decision, ExternalAuth external, ForwardedRequest forwarded, ClientCertificateResult? certificate)
    {
        var values = Values(context, forwarded);
        string? key = null;
        if (external.CacheKey is { } template)
        {
            // Per host and location, as ingress-nginx's key "host + auth location + key" is.
            var host = decision.Match.VirtualHost?.Host ?? "_";
            var location = decision.Match.Route is { } r ? $"{r.Path} {r.PathType}" : "/";
            var raw = $"{host}\n{location}\n{template.Expand(values, url: false)}";
            key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
            if (cache.Find(key) is { } cached)
            {
                return cached;
            }
        }

        using var request = BuildRequest(context, snapshot, decision, external, values, IsFromTrustedProxy(context), certificate);
        var answer = await client.SendAsync(request, external.KeepaliveConnections > 0, external.KeepaliveTimeout, context.RequestAborted);
        if (key is not null && answer.Status != 0 && Cacheable(answer) is var maxAge &&
            (maxAge ?? AuthCacheDuration.For(external.CacheDurations, answer.Status)) is { } duration && duration > TimeSpan.Zero)
        {
            cache.Add(key, answer, duration);
        }

        return answer;
    }

    /// <summary>
    /// Whether nginx's proxy cache would keep the answer: not with <c>Set-Cookie</c> or a
    /// <c>Cache-Control</c> that forbids it; a <c>max-age</c> there wins over <c>auth-cache-duration</c>.
    /// Returns the <c>max-age</c>, <see cref="TimeSpan.Zero"/> for "do not cache", or <see langword="null"/>.
    /// </summary>
    private static TimeSpan? Cacheable(ExternalAuthAnswer answer)
    {
        if (answer.Values(HeaderNames.SetCookie).Any())
        {
            return TimeSpan.Zero;
        }

        var control = string.Join(",", answer.Values(HeaderNames.CacheControl));
        if (control.Length > 0 && CacheControlHeaderValue.TryParse(control, out var parsed) && parsed is not null)
        {
            if (parsed.NoCache || parsed.NoStore || parsed.Private)
            {
                return TimeSpan.Zero;
            }

            return parsed.MaxAge;
        }

        return null;
    }

    private static HttpRequestMessage BuildRequest(
        HttpContext context, IngressSnapshot snapshot, IngressDecision decision, ExternalAuth external, AuthRequestValues values, bool trusted, ClientCertificateResult? certificate)
    {
        var target = external.Url.Template.Expand(values, url: true);
        var request = new HttpRequestMessage(new HttpMethod(external.Method ?? "GET"), target)
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        foreach (var (name, value) in context.Request.Headers)
        {
            if (NotPassed.Contains(name) || (!trusted && Untrusted.Contains(name, StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
        }

        var headers = request.Headers;
        headers.Host = external.Url.LiteralHost is { } literal ? (literal.Contains(':', StringComparison.Ordinal) ? $"[{literal}]" : literal) : values.Host;
        var client = values.RemoteAddr;
        headers.TryAddWithoutValidation("X-Original-URL", $"{values.Scheme}://{values.HttpHost}{values.RequestUri}");
        headers.TryAddWithoutValidation("X-Original-Method", values.Method);
        headers.TryAddWithoutValidation("X-Sent-From", "nginx-ingress-controller");
        if (client.Length > 0)
        {
            headers.TryAddWithoutValidation("X-Real-IP", client);
            headers.TryAddWithoutValidation("X-Forwarded-For", client);
        }

        headers.TryAddWithoutValidation("X-Request-ID", RequestId(context));
        headers.TryAddWithoutValidation("X-Auth-Request-Redirect", external.RequestRedirect ?? values.RequestUri);
        if (external.Method is not null)
        {
            headers.TryAddWithoutValidation("X-Original-URI", values.RequestUri);
            headers.TryAddWithoutValidation("X-Scheme", values.PassAccessScheme);
        }

        if (decision.Match.VirtualHost?.ClientCertificates is { } tls && certificate is not null)
        {
            var copy = new HeaderDictionary();
            ClientCertificateCheck.SetHeaders(copy, tls, certificate);
            foreach (var (name, value) in copy)
            {
                headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
            }
        }

        if (external.ProxySetHeaders is { } map)
        {
            foreach (var (name, value) in snapshot.Authentication.ProxySetHeaders(map)!)
            {
                headers.Remove(name);
                headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>The client's <c>X-Request-ID</c>, else the request's own id (ingress-nginx's <c>$req_id</c>).</summary>
    internal static string RequestId(HttpContext context) =>
        context.Request.Headers["X-Request-ID"] is { Count: > 0 } id && id.ToString().Length > 0 ? id.ToString() : context.TraceIdentifier;

    /// <summary>The values the annotations' variables expand from.</summary>
    private static AuthRequestValues Values(HttpContext context, ForwardedRequest forwarded)
    {
        var request = context.Request;
        var httpHost = request.Headers.Host.ToString();
        var host = Matching.RequestHost.Trim(httpHost).ToString().ToLowerInvariant();
        return new AuthRequestValues
        {
            Host = host,
            HttpHost = httpHost,
            BestHttpHost = forwarded.ForwardedHost ?? httpHost,
            Scheme = request.Scheme,
            PassAccessScheme = forwarded.Scheme,
            RequestUri = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString(),
            Method = request.Method,
            RemoteAddr = forwarded.ClientAddress?.ToString() ?? "",
            Header = name => request.Headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null,
            Cookie = name => request.Cookies[name],
        };
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "external auth for Ingress {Namespace}/{Ingress} failed, the request is answered 500: {Failure}")]
    private partial void LogAuthFailed(string @namespace, string ingress, string failure);

    private bool IsFromTrustedProxy(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && !proxies.IsEmpty && proxies.IsTrusted(remote);
}
