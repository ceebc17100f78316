namespace IngressCore.Annotations;

/// <summary>
/// <c>affinity: cookie</c> and its <c>session-cookie-*</c> settings (docs/annotations.md):
/// a cookie that pins a client to one backend endpoint.
/// </summary>
/// <remarks>
/// Grammars: <c>affinity</c> exactly <c>cookie</c>; <c>affinity-mode</c> <c>balanced</c> or
/// <c>persistent</c>; <c>session-cookie-name</c> letters, digits and <c>- . _ ~</c>;
/// <c>session-cookie-path</c> <c>/</c> then <c>[-._~a-zA-Z0-9/:]*</c>; <c>session-cookie-domain</c> a
/// host name with an optional leading <c>.</c>; <c>session-cookie-samesite</c> <c>None</c>, <c>Lax</c> or
/// <c>Strict</c> (any case); <c>session-cookie-expires</c> and <c>-max-age</c> whole seconds;
/// the rest Go booleans. ingress-nginx silently ignores invalid values (and accepts negative
/// lifetimes); here they are errors.
/// </remarks>
internal sealed class SessionAffinity
{
    internal const string AffinityName = "affinity";
    internal const string ModeName = "affinity-mode";
    internal const string CanaryBehaviorName = "affinity-canary-behavior";
    internal const string SessionCookieNameName = "session-cookie-name";
    internal const string PathName = "session-cookie-path";
    internal const string DomainName = "session-cookie-domain";
    internal const string SameSiteName = "session-cookie-samesite";
    internal const string ConditionalSameSiteNoneName = "session-cookie-conditional-samesite-none";
    internal const string SecureName = "session-cookie-secure";
    internal const string ChangeOnFailureName = "session-cookie-change-on-failure";
    internal const string ExpiresName = "session-cookie-expires";
    internal const string MaxAgeName = "session-cookie-max-age";

    /// <summary>ingress-nginx's default affinity cookie name.</summary>
    public const string DefaultCookieName = "INGRESSCOOKIE";

    private static readonly string[] CookieSettingNames =
        [ModeName, SessionCookieNameName, PathName, DomainName, SameSiteName, ConditionalSameSiteNoneName, SecureName, ChangeOnFailureName, ExpiresName, MaxAgeName];

    private SessionAffinity()
    {
    }

    /// <summary><c>affinity-mode</c> (default <see cref="AffinityMode.Balanced"/>).</summary>
    public AffinityMode Mode { get; private init; }

    /// <summary><c>session-cookie-name</c> (default <see cref="DefaultCookieName"/>).</summary>
    public string CookieName { get; private init; } = DefaultCookieName;

    /// <summary><c>session-cookie-path</c>; when <see langword="null"/>, ingress-nginx uses the Ingress path.</summary>
    public string? CookiePath { get; private init; }

    /// <summary><c>session-cookie-domain</c>, or <see langword="null"/> for none.</summary>
    public string? CookieDomain { get; private init; }

    /// <summary><c>session-cookie-samesite</c>, or <see langword="null"/> for no attribute.</summary>
    public CookieSameSite? SameSite { get; private init; }

    /// <summary><c>session-cookie-conditional-samesite-none</c>: omit <c>SameSite=None</c> for browsers known to mishandle it.</summary>
    public bool ConditionalSameSiteNone { get; private init; }

    /// <summary><c>session-cookie-secure</c>: mark the cookie <c>Secure</c> (ingress-nginx also does on every HTTPS request).</summary>
    public bool Secure { get; private init; }

    /// <summary><c>session-cookie-change-on-failure</c>: pick another endpoint, and re-set the cookie, when the pinned one fails.</summary>
    public bool ChangeOnFailure { get; private init; }

    /// <summary><c>session-cookie-expires</c> in seconds (the <c>Expires</c> attribute, from now), or <see langword="null"/>.</summary>
    public int? ExpiresSeconds { get; private init; }

    /// <summary><c>session-cookie-max-age</c> in seconds (the <c>Max-Age</c> attribute), or <see langword="null"/>.</summary>
    public int? MaxAgeSeconds { get; private init; }

    internal static SessionAffinity? Parse(AnnotationReader reader)
    {
        var type = reader.Read(AffinityName);
        if (type is not null and not "cookie")
        {
            reader.Invalid(AffinityName, type, "is not an affinity type; the only one is 'cookie'");
        }

        var mode = reader.Read(ModeName) switch
        {
            null => (AffinityMode?)null,
            "balanced" => AffinityMode.Balanced,
            "persistent" => AffinityMode.Persistent,
            var other => Refuse<AffinityMode>(reader, ModeName, other, "is not an affinity mode; use balanced or persistent"),
        };
        var name = reader.Read(SessionCookieNameName);
        if (name is not null && name.AsSpan().ContainsAnyExcept(BasicChars.Name))
        {
            reader.Invalid(SessionCookieNameName, name, "is not a cookie name; use letters, digits and - . _ ~");
        }

        var path = reader.Read(PathName);
        if (path is not null && (path[0] != '/' || path.AsSpan().ContainsAnyExcept(BasicChars.Set)))
        {
            reader.Invalid(PathName, path, "must be a path: '/' followed by letters, digits and - . _ ~ / :");
        }

        var domain = reader.Read(DomainName);
        var domainProblem = domain is null ? null : NginxGrammar.HostNameProblem(domain.AsSpan(domain[0] == '.' ? 1 : 0));
        if (domainProblem is not null)
        {
            reader.Invalid(DomainName, domain!, domainProblem);
        }

        var sameSite = ReadSameSite(reader);
        var conditional = reader.ReadBool(ConditionalSameSiteNoneName);
        var secure = reader.ReadBool(SecureName);
        var changeOnFailure = reader.ReadBool(ChangeOnFailureName);
        var expires = reader.ReadCount(ExpiresName);
        var maxAge = reader.ReadCount(MaxAgeName);

        if (type is not "cookie")
        {
            if (type is null && !reader.Has(AffinityName))
            {
                foreach (var setting in CookieSettingNames.Where(reader.Has))
                {
                    reader.Warning(setting, "ignored: affinity is not set to \"cookie\"");
                }
            }

            return null;
        }

        return new SessionAffinity
        {
            Mode = mode ?? AffinityMode.Balanced,
            CookieName = name ?? DefaultCookieName,
            CookiePath = path,
            CookieDomain = domain,
            SameSite = sameSite,
            ConditionalSameSiteNone = conditional ?? false,
            Secure = secure ?? false,
            ChangeOnFailure = changeOnFailure ?? false,
            ExpiresSeconds = expires,
            MaxAgeSeconds = maxAge,
        };
    }

    /// <summary>Parses <c>affinity-canary-behavior</c>: <c>sticky</c> or <c>legacy</c>.</summary>
    internal static AffinityCanaryBehavior? ParseCanaryBehavior(AnnotationReader reader) =>
        reader.Read(CanaryBehaviorName) switch
        {
            null => null,
            "sticky" => AffinityCanaryBehavior.Sticky,
            "legacy" => AffinityCanaryBehavior.Legacy,
            var other => Refuse<AffinityCanaryBehavior>(reader, CanaryBehaviorName, other, "is not a canary behaviour; use sticky or legacy"),
        };

    private static CookieSameSite? ReadSameSite(AnnotationReader reader)
    {
        var value = reader.Read(SameSiteName);
        return value is null ? null
            : value.Equals("None", StringComparison.OrdinalIgnoreCase) ? CookieSameSite.None
            : value.Equals("Lax", StringComparison.OrdinalIgnoreCase) ? CookieSameSite.Lax
            : value.Equals("Strict", StringComparison.OrdinalIgnoreCase) ? CookieSameSite.Strict
            : Refuse<CookieSameSite>(reader, SameSiteName, value, "is not a SameSite mode; use None, Lax or Strict");
    }

    private static T? Refuse<T>(AnnotationReader reader, string name, string value, string problem)
        where T : struct
    {
        reader.Invalid(name, value, problem);
        return null;
    }
}
