using System.Globalization;

namespace IngressCore.Runtime;

/// <summary>
/// The <c>Strict-Transport-Security</c> header added to every HTTPS response, replacing one a
/// backend set. The defaults are ingress-nginx's: <c>max-age=31536000; includeSubDomains</c>, no preload.
/// </summary>
public sealed class IngressHstsOptions
{
    /// <summary>Whether the header is sent (ingress-nginx <c>hsts</c>, default <see langword="true"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The <c>max-age</c>, whole seconds (ingress-nginx <c>hsts-max-age</c>, default one year: 31536000 s).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(31536000);

    /// <summary>Adds <c>includeSubDomains</c> (ingress-nginx <c>hsts-include-subdomains</c>, default <see langword="true"/>).</summary>
    public bool IncludeSubDomains { get; set; } = true;

    /// <summary>Adds <c>preload</c> (ingress-nginx <c>hsts-preload</c>, default <see langword="false"/>).</summary>
    public bool Preload { get; set; }

    /// <summary>The header value, or <see langword="null"/> when HSTS is off.</summary>
    /// <returns>Such as <c>max-age=31536000; includeSubDomains</c>.</returns>
    /// <exception cref="InvalidOperationException"><see cref="MaxAge"/> is negative.</exception>
    public string? ToHeaderValue()
    {
        if (!Enabled)
        {
            return null;
        }

        if (MaxAge < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"The HSTS max-age must not be negative, got {MaxAge}.");
        }

        var seconds = ((long)MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return "max-age=" + seconds + (IncludeSubDomains ? "; includeSubDomains" : "") + (Preload ? "; preload" : "");
    }
}
