using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Tls;

namespace IngressCore.Decisions;

/// <summary>
/// ingress-nginx's HTTP→HTTPS redirect decision (docs/annotations.md), as one pure
/// function shared by the middleware and <c>ingresscore match</c>, so both always agree.
/// </summary>
/// <remarks>
/// <para>In order: a route whose path starts with a <see cref="NoTlsRedirectLocations"/> entry is
/// never redirected; <c>force-ssl-redirect</c> redirects any plain-HTTP request; otherwise
/// <c>ssl-redirect</c> redirects plain-HTTP requests for a host that has TLS: a host of an Ingress
/// with a <c>spec.tls</c> section, even one whose Secret is missing (docs/matching.md;
/// <see cref="SniCertificateStore.HasTlsConfigured"/>), which includes every host the store holds a
/// certificate for.</para>
/// <para>The request's policies (<see cref="RouteMatch.Policies"/>) may override the three switches
/// with the annotations <c>nginx.ingress.kubernetes.io/ssl-redirect</c>, <c>force-ssl-redirect</c>
/// and <c>preserve-trailing-slash</c> (an invalid value refuses the Ingress). The catch-all's
/// are not applied, as in ingress-nginx.</para>
/// <para>Location: <c>https://</c>, the host without its port, then the request-target as sent,
/// query included, with one trailing <c>/</c> removed unless <see cref="PreserveTrailingSlash"/>:
/// <c>/</c> gives <c>https://host</c>, <c>/a/</c> gives <c>https://host/a</c>, <c>/a/?q=1</c> is kept.</para>
/// </remarks>
public sealed class SslRedirectPolicy
{
    private readonly int _statusCode = 308;

    /// <summary>The ingress-nginx defaults: ssl-redirect on, force-ssl-redirect off, trailing slash removed, 308.</summary>
    public static SslRedirectPolicy Default { get; } = new();

    /// <summary>Redirect plain-HTTP requests for hosts with TLS (default <see langword="true"/>).</summary>
    public bool SslRedirect { get; init; } = true;

    /// <summary>Redirect every plain-HTTP request (default <see langword="false"/>).</summary>
    public bool ForceSslRedirect { get; init; }

    /// <summary>Keep a trailing <c>/</c> in the Location (default <see langword="false"/>).</summary>
    public bool PreserveTrailingSlash { get; init; }

    /// <summary>The redirect status: 301, 302, 307 or 308 (default 308).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Another status was given.</exception>
    public int StatusCode
    {
        get => _statusCode;
        init => _statusCode = value is 301 or 302 or 307 or 308
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The HTTPS redirect code must be 301, 302, 307 or 308.");
    }

    /// <summary>Route path prefixes never redirected (default: <c>/.well-known/acme-challenge</c>, so HTTP-01 challenges are answered over HTTP).</summary>
    public IReadOnlyList<string> NoTlsRedirectLocations { get; init; } = ["/.well-known/acme-challenge"];

    /// <summary>
    /// Decides whether a request is answered with a redirect to HTTPS, and where to.
    /// </summary>
    /// <param name="match">The request's match.</param>
    /// <param name="scheme">The scheme the client used: <c>http</c> or <c>https</c> (from a trusted proxy's <c>X-Forwarded-Proto</c> when there is one).</param>
    /// <param name="host">The Host header (any case, with or without a port): the host whose TLS is looked up.</param>
    /// <param name="requestTarget">The request-target as sent: path and optional query (origin form).</param>
    /// <param name="certificates">The certificate store built from the same Ingresses as the table <paramref name="match"/> came from: it says which hosts have TLS.</param>
    /// <param name="forwardedHost">A trusted proxy's <c>X-Forwarded-Host</c>, which names the Location's host instead of <paramref name="host"/>.</param>
    /// <returns>The Location to redirect to with <see cref="StatusCode"/>, or <see langword="null"/> when the request is not redirected.</returns>
    public string? GetRedirectLocation(
        RouteMatch match,
        string scheme,
        string host,
        string requestTarget,
        SniCertificateStore certificates,
        string? forwardedHost = null)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(requestTarget);

        if (match.Status == RouteMatchStatus.BadRequest ||
            !scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // The catch-all's policies come without the redirect switches (docs/matching.md).
        var policies = match.Policies;
        if (IsNoTlsRedirectLocation(match.Route?.Path ?? "/"))
        {
            return null;
        }

        if (!(policies.ForceSslRedirect ?? ForceSslRedirect))
        {
            if (!(policies.SslRedirect ?? SslRedirect) || !certificates.HasTlsConfigured(host))
            {
                return null;
            }
        }

        var redirectHost = RedirectLocations.HostWithoutPort(forwardedHost ?? host);
        if (redirectHost.IsEmpty)
        {
            return null;
        }

        var target = requestTarget.AsSpan();
        if (target.IsEmpty)
        {
            target = "/";
        }

        if (!(policies.PreserveTrailingSlash ?? PreserveTrailingSlash) && target[^1] == '/')
        {
            target = target[..^1];
        }

        return string.Concat("https://", redirectHost, target);
    }

    private bool IsNoTlsRedirectLocation(string routePath)
    {
        // By index: a foreach over the interface would box its enumerator on every request.
        var locations = NoTlsRedirectLocations;
        for (var i = 0; i < locations.Count; i++)
        {
            // A plain string prefix, as ingress-nginx compares (strings.HasPrefix), not whole segments.
            var prefix = locations[i];
            if (prefix.Length > 0 && routePath.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
