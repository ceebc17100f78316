using System.Net;
using IngressCore.Annotations;
using IngressCore.Decisions;

namespace IngressCore.Authentication;

/// <summary>
/// The access control of one location, as its annotations and the objects they name set it: the
/// source ranges, basic auth, external auth and client certificates, combined by <c>satisfy</c>.
/// What <c>ingresscore match --explain</c> reports; <see cref="Evaluate"/> runs the same rules as the
/// gateway for a request (the external auth's answer given instead of asked for).
/// </summary>
public sealed class IngressAccessPolicy
{
    private readonly IngressAnnotations _policies;
    private readonly AuthStore _store;

    internal IngressAccessPolicy(IngressAnnotations policies, ClientCertificateAuth? clientCertificates, AuthStore store)
    {
        _policies = policies;
        _store = store;
        Satisfy = policies.Satisfy == SatisfyMode.Any ? "any" : "all";
        HasSourceRanges = policies.Allowlist is not null || policies.Denylist is not null;
        BasicAuthSecret = policies.BasicAuth?.Secret.ToString();
        BasicAuthRealm = policies.BasicAuth?.Realm;
        ExternalAuthUrl = policies.ExternalAuth?.Url.Template.Text;
        ExternalAuthSignin = policies.ExternalAuth?.Signin?.Template.Text;
        ClientCertificateSecret = clientCertificates?.Secret.ToString();
        ClientCertificateVerification = clientCertificates?.Verification switch
        {
            null => null,
            Annotations.ClientCertificateVerification.Off => "off",
            Annotations.ClientCertificateVerification.Optional => "optional",
            Annotations.ClientCertificateVerification.OptionalNoCa => "optional_no_ca",
            _ => "on",
        };
        IsUsable = store.CanAuthenticate(policies) && (clientCertificates is null || store.Bundle(clientCertificates) is not null);
    }

    /// <summary><c>satisfy</c>: <c>all</c> or <c>any</c>.</summary>
    public string Satisfy { get; }

    /// <summary>Whether <c>allowlist-source-range</c> or <c>denylist-source-range</c> is set.</summary>
    public bool HasSourceRanges { get; }

    /// <summary>The basic-auth Secret (<c>namespace/name</c>), or <see langword="null"/>.</summary>
    public string? BasicAuthSecret { get; }

    /// <summary>The basic-auth realm, or <see langword="null"/>.</summary>
    public string? BasicAuthRealm { get; }

    /// <summary><c>auth-url</c> as written, or <see langword="null"/>.</summary>
    public string? ExternalAuthUrl { get; }

    /// <summary><c>auth-signin</c> as written, or <see langword="null"/>.</summary>
    public string? ExternalAuthSignin { get; }

    /// <summary>The host's <c>auth-tls-secret</c> (<c>namespace/name</c>), or <see langword="null"/>.</summary>
    public string? ClientCertificateSecret { get; }

    /// <summary>The host's <c>auth-tls-verify-client</c>, or <see langword="null"/>.</summary>
    public string? ClientCertificateVerification { get; }

    /// <summary>Whether every Secret and ConfigMap the checks name is usable; when not, the location answers 503 (403 for the host's CA bundle).</summary>
    public bool IsUsable { get; }

    /// <summary>
    /// The access phase for <paramref name="request"/>, as the gateway runs it, with
    /// <paramref name="externalAuthStatus"/> standing for the auth service's answer. Client
    /// certificates are checked on the connection and are not part of this.
    /// </summary>
    /// <param name="request">The request (its <c>Authorization</c> header, host and target).</param>
    /// <param name="externalAuthStatus">The auth service's status, when <c>auth-url</c> is set; 0 stands for no answer.</param>
    /// <param name="clientAddress">The client's address, for the source ranges; <see langword="null"/> when unknown (the ranges are then not evaluated: the gateway refuses a request without an address).</param>
    /// <returns>The decision.</returns>
    public IngressAccessResult Evaluate(IIngressRequest request, int? externalAuthStatus = null, IPAddress? clientAddress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_store.CanAuthenticate(_policies))
        {
            return new IngressAccessResult { Allowed = false, StatusCode = 503, Reason = "a Secret or ConfigMap the authentication names is missing or unusable" };
        }

        var any = _policies.Satisfy == SatisfyMode.Any;
        var refusal = 0;
        var decidedBy = "source ranges";
        var ranges = clientAddress is null ? AccessCheck.Declined : AccessRules.Ranges(_policies, clientAddress);
        if (AccessRules.Decide(ref refusal, ranges, any) is { } early)
        {
            return Result(early, refusal, decidedBy, request);
        }

        if (_policies.BasicAuth is { } basic)
        {
            decidedBy = "basic auth";
            if (AccessRules.Decide(ref refusal, AccessRules.Basic(_store.Users(basic)!, request.GetHeader("Authorization")), any) is { } decided)
            {
                return Result(decided, refusal, decidedBy, request);
            }
        }

        if (_policies.ExternalAuth is not null)
        {
            if (externalAuthStatus is not { } status)
            {
                return new IngressAccessResult { Allowed = false, StatusCode = -1, Reason = "the external auth's answer decides (give it with --auth-status)" };
            }

            decidedBy = $"external auth answering {status}";
            var outcome = status == 0 ? ExternalAuthOutcome.Error : ExternalAuthAnswer.OutcomeOf(status);
            if (AccessRules.Decide(ref refusal, AccessRules.Of(outcome), any) is { } decided)
            {
                return Result(decided, refusal, decidedBy, request);
            }
        }

        return Result(refusal == 0, refusal, any ? "satisfy any: no check let it through" : decidedBy, request);
    }

    private IngressAccessResult Result(bool allowed, int refusal, string reason, IIngressRequest request)
    {
        if (allowed)
        {
            return new IngressAccessResult { Allowed = true, StatusCode = 0, Reason = reason };
        }

        if (refusal == 401 && _policies.ExternalAuth is { Signin: { } signin } external)
        {
            var host = request.Host;
            var colon = host.LastIndexOf(':');
            var name = (colon > 0 && !host.EndsWith(']') ? host[..colon] : host).TrimEnd('.').ToLowerInvariant();
            var values = new AuthRequestValues
            {
                Host = name,
                HttpHost = host,
                BestHttpHost = request.ForwardedHost ?? host,
                Scheme = request.Scheme,
                PassAccessScheme = request.Scheme,
                RequestUri = request.Target,
                Method = "GET",
                RemoteAddr = "",
                Header = request.GetHeader,
                Cookie = request.GetCookie,
            };
            return new IngressAccessResult { Allowed = false, StatusCode = 302, Location = AccessRules.SigninLocation(external, signin, values), Reason = reason + "; auth-signin redirects the 401" };
        }

        return new IngressAccessResult { Allowed = false, StatusCode = refusal, Reason = reason };
    }
}
