using System.Net;
using IngressCore.Annotations;

namespace IngressCore.Authentication;

/// <summary>
/// How nginx's access phase combines its handlers (<c>ngx_http_core_access_phase</c>): the
/// deny/allow ranges, <c>auth_basic</c> and <c>auth_request</c>, under <c>satisfy all</c> or
/// <c>satisfy any</c>. Shared by the middleware and <see cref="IngressAccessPolicy.Evaluate"/>.
/// </summary>
internal static class AccessRules
{
    /// <summary>
    /// One check's answer folded in: <see langword="true"/> to go on at once, <see langword="false"/>
    /// to refuse with <paramref name="refusal"/> now, <see langword="null"/> to run the next check.
    /// </summary>
    public static bool? Decide(ref int refusal, AccessCheck check, bool any)
    {
        switch (check)
        {
            case AccessCheck.Declined:
                return null;
            case AccessCheck.Allowed:
                if (any)
                {
                    refusal = 0;
                    return true;
                }

                return null;
            case AccessCheck.Error:
                refusal = 500;
                return false;
            default:
                var code = check == AccessCheck.Unauthorized ? 401 : 403;
                if (!any)
                {
                    refusal = code;
                    return false;
                }

                // satisfy any: remember it (401 wins over 403) and try the next check.
                if (refusal != 401)
                {
                    refusal = code;
                }

                return null;
        }
    }

    /// <summary>
    /// Whether the client is refused by the deny/allow ranges: every deny, then every allow, then
    /// <c>deny all</c> with an allowlist. A request without an address is refused by either list:
    /// what cannot be checked is not let through.
    /// </summary>
    public static bool RangesRefuse(IngressAnnotations policies, IPAddress? client)
    {
        if (policies.Denylist is null && policies.Allowlist is null)
        {
            return false;
        }

        if (client is null || policies.Denylist?.Contains(client) == true)
        {
            return true;
        }

        return policies.Allowlist is { } allowlist && !allowlist.Contains(client);
    }

    /// <summary>The ranges as nginx's access module answers: deny beats allow, and no matching rule declines.</summary>
    public static AccessCheck Ranges(IngressAnnotations policies, IPAddress? client) =>
        policies.Denylist is null && policies.Allowlist is null ? AccessCheck.Declined
        : RangesRefuse(policies, client) ? AccessCheck.Forbidden
        // An allowlist that took the client is nginx's "allow" rule matching; a denylist alone matches nobody here.
        : policies.Allowlist is not null ? AccessCheck.Allowed
        : AccessCheck.Declined;

    /// <summary>What an auth answer's status means for the access phase.</summary>
    public static AccessCheck Of(ExternalAuthOutcome outcome) => outcome switch
    {
        ExternalAuthOutcome.Allow => AccessCheck.Allowed,
        ExternalAuthOutcome.Unauthorized => AccessCheck.Unauthorized,
        ExternalAuthOutcome.Forbidden => AccessCheck.Forbidden,
        _ => AccessCheck.Error,
    };

    /// <summary>Basic credentials checked against a Secret's users.</summary>
    public static AccessCheck Basic(HtpasswdFile users, string? authorization)
    {
        if (!BasicCredentials.TryRead(authorization, out var user, out var password))
        {
            return AccessCheck.Unauthorized;
        }

        var verified = users.Verify(user, password);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(password);
        return verified ? AccessCheck.Allowed : AccessCheck.Unauthorized;
    }

    /// <summary>
    /// ingress-nginx's <c>buildAuthSignURL</c>: the sign-in URL (a path made absolute with the
    /// scheme and host) with the redirect parameter appended, unless its query names one.
    /// </summary>
    public static string SigninLocation(ExternalAuth external, AuthUrl signin, AuthRequestValues values)
    {
        var url = signin.Template.Expand(values, url: true);
        if (signin.IsRelative)
        {
            // nginx makes a relative Location absolute with the scheme and the host (no port).
            url = $"{values.Scheme}://{values.Host}{url}";
        }

        if (signin.QueryHas(external.SigninRedirectParam))
        {
            return url;
        }

        var back = $"{values.PassAccessScheme}://{values.HttpHost}{Uri.EscapeDataString(values.RequestUri)}";
        return url + (signin.HasQuery ? "&" : "?") + external.SigninRedirectParam + "=" + back;
    }
}
