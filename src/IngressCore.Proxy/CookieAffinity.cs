using System.Globalization;
using System.Text;
using IngressCore.Annotations;
using IngressCore.Forwarding.Upstreams;
using Microsoft.AspNetCore.Http;

namespace IngressCore.Forwarding;

/// <summary>
/// <c>affinity: cookie</c> as ingress-nginx's sticky balancers do it
/// (rootfs/etc/nginx/lua/balancer/sticky*.lua): the cookie's value is <c>key|backend-key</c>, where
/// the backend key names the Service port; <c>balanced</c> finds the endpoint by a consistent hash
/// of a random key, <c>persistent</c> by <c>md5(upstream name + address:port)</c>. A request
/// without a usable cookie gets an endpoint and a new cookie.
/// </summary>
internal static class CookieAffinity
{
    private const char Delimiter = '|';

    /// <summary>
    /// The endpoint for this try, and the cookie to set (or <see langword="null"/> when the
    /// request's own cookie chose it). After a failed try the cookie's endpoint is not tried again;
    /// with <c>session-cookie-change-on-failure</c> a new one is picked and the cookie re-set.
    /// </summary>
    public static int Pick(Upstream upstream, SessionAffinity affinity, HttpContext context, long now, in TriedEndpoints tried, Random random, out string? newKey)
    {
        newKey = null;
        var key = KeyOf(context.Request.Cookies[affinity.CookieName]);
        var retry = tried.Count > 0;
        if (key is not null && !(retry && affinity.ChangeOnFailure))
        {
            var pinned = affinity.Mode == AffinityMode.Persistent
                ? (upstream.PersistentKeys.TryGetValue(key, out var index) && EndpointPicker.Eligible(upstream.Endpoints, index, now, tried, 0) ? index : -1)
                : EndpointPicker.Hash(upstream, Fnv.Hash(key), now, tried);
            if (pinned >= 0)
            {
                return pinned;
            }
        }

        if (affinity.Mode == AffinityMode.Persistent)
        {
            var chosen = EndpointPicker.Random(upstream, now, tried, random);
            if (chosen >= 0)
            {
                newKey = upstream.PersistentKey(chosen);
            }

            return chosen;
        }

        // Balanced: a random key, and the endpoint its hash lands on.
        Span<byte> bytes = stackalloc byte[8];
        random.NextBytes(bytes);
        newKey = Convert.ToHexStringLower(bytes);
        return EndpointPicker.Hash(upstream, Fnv.Hash(newKey), now, tried);
    }

    /// <summary>The Service-port half of an affinity cookie, or <see langword="null"/> when there is no such cookie.</summary>
    public static string? BackendKeyOf(string? cookie)
    {
        if (cookie is null)
        {
            return null;
        }

        var at = cookie.IndexOf(Delimiter, StringComparison.Ordinal);
        return at < 0 ? null : cookie[(at + 1)..];
    }

    /// <summary>The <c>Set-Cookie</c> value pinning to <paramref name="key"/> (ingress-nginx's attributes: HttpOnly, Path, and the annotations' ones).</summary>
    public static string SetCookie(SessionAffinity affinity, string key, string backendKey, string routePath, bool https, DateTimeOffset now)
    {
        var cookie = new StringBuilder(128);
        cookie.Append(affinity.CookieName).Append('=').Append(key).Append(Delimiter).Append(backendKey);
        cookie.Append("; Path=").Append(affinity.CookiePath ?? routePath);
        if (affinity.ExpiresSeconds is { } expires)
        {
            cookie.Append("; Expires=").Append(now.AddSeconds(expires).UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        }

        if (affinity.MaxAgeSeconds is { } maxAge)
        {
            cookie.Append("; Max-Age=").Append(maxAge.ToString(CultureInfo.InvariantCulture));
        }

        if (affinity.CookieDomain is { } domain)
        {
            cookie.Append("; Domain=").Append(domain);
        }

        cookie.Append("; HttpOnly");
        if (affinity.Secure || https)
        {
            cookie.Append("; Secure");
        }

        if (affinity.SameSite is { } sameSite)
        {
            cookie.Append("; SameSite=").Append(sameSite.ToString());
        }

        return cookie.ToString();
    }

    private static string? KeyOf(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        var at = cookie.IndexOf(Delimiter, StringComparison.Ordinal);
        return at == 0 ? null : at < 0 ? cookie : cookie[..at];
    }
}
