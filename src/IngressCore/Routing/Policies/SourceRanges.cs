using System.Net;
using IngressCore.Annotations;
using IngressCore.Authentication;

namespace IngressCore.Routing.Policies;

/// <summary>
/// <c>denylist-source-range</c> and <c>allowlist-source-range</c> (docs/annotations.md),
/// nginx's access phase: every <c>deny</c>, then every <c>allow</c>, then <c>deny all</c>
/// when there is an allowlist; the first match wins, so the denylist beats the allowlist.
/// </summary>
internal static class SourceRanges
{
    /// <summary>
    /// Whether the client is refused (403). The address is the one <see cref="TrustedProxies"/>
    /// resolved: <c>X-Forwarded-For</c> counts only from a trusted proxy. A request without an
    /// address is refused by either list: what cannot be checked is not let through.
    /// </summary>
    public static bool Refuse(IngressAnnotations policies, IPAddress? client) => AccessRules.RangesRefuse(policies, client);
}
