namespace IngressCore.Annotations;

/// <summary>
/// <c>limit-rps</c>, <c>limit-rpm</c>, <c>limit-connections</c>, <c>limit-burst-multiplier</c> and
/// <c>limit-allowlist</c> (docs/annotations.md): per client address, one set of
/// limits per Ingress shared by all its hosts and paths; a request over a limit is answered 503.
/// </summary>
/// <remarks>
/// Grammar: whole numbers, digits only (a limit of 0 is no limit, as in ingress-nginx);
/// <c>limit-allowlist</c> (old name <c>limit-whitelist</c>) an <see cref="IpRangeList"/>. ingress-nginx
/// refuses the Ingress for an invalid rps/rpm/connections value, silently uses 5 for an invalid
/// multiplier and accepts signs; here every invalid or signed value refuses the Ingress.
/// </remarks>
internal sealed class RateLimits
{
    internal const string RpsName = "limit-rps";
    internal const string RpmName = "limit-rpm";
    internal const string ConnectionsName = "limit-connections";
    internal const string BurstName = "limit-burst-multiplier";
    internal const string AllowlistName = "limit-allowlist";
    internal const string WhitelistName = "limit-whitelist";

    /// <summary>ingress-nginx's default <c>limit-burst-multiplier</c>.</summary>
    public const int DefaultBurstMultiplier = 5;

    private RateLimits()
    {
    }

    /// <summary><c>limit-rps</c>: requests per second per client; <see langword="null"/> when absent or 0.</summary>
    public int? RequestsPerSecond { get; private init; }

    /// <summary><c>limit-rpm</c>: requests per minute per client; <see langword="null"/> when absent or 0.</summary>
    public int? RequestsPerMinute { get; private init; }

    /// <summary><c>limit-connections</c>: concurrent connections per client; <see langword="null"/> when absent or 0.</summary>
    public int? Connections { get; private init; }

    /// <summary><c>limit-burst-multiplier</c> (default <see cref="DefaultBurstMultiplier"/>): the burst is the limit times this.</summary>
    public int BurstMultiplier { get; private init; } = DefaultBurstMultiplier;

    /// <summary>The burst of the per-second limit (<c>limit-rps</c> × multiplier), or <see langword="null"/>.</summary>
    public long? RequestsPerSecondBurst => (long?)RequestsPerSecond * BurstMultiplier;

    /// <summary>The burst of the per-minute limit (<c>limit-rpm</c> × multiplier), or <see langword="null"/>.</summary>
    public long? RequestsPerMinuteBurst => (long?)RequestsPerMinute * BurstMultiplier;

    /// <summary><c>limit-allowlist</c>: client ranges exempt from the limits, or <see langword="null"/>.</summary>
    public IpRangeList? Allowlist { get; private init; }

    internal static RateLimits? Parse(AnnotationReader reader)
    {
        var rps = reader.ReadCount(RpsName);
        var rpm = reader.ReadCount(RpmName);
        var connections = reader.ReadCount(ConnectionsName);
        var burst = reader.ReadCount(BurstName);
        var allowlist = IpRangeList.Read(reader, AllowlistName);
        if (reader.Has(WhitelistName))
        {
            if (reader.Has(AllowlistName))
            {
                reader.MarkRead(WhitelistName);
                reader.Warning(WhitelistName, "ignored: limit-allowlist, its new name, is also set");
            }
            else
            {
                allowlist = IpRangeList.Read(reader, WhitelistName);
            }
        }

        if (rps is null or 0 && rpm is null or 0 && connections is null or 0)
        {
            if (new[] { RpsName, RpmName, ConnectionsName }.Any(reader.Has) && rps is null && rpm is null && connections is null)
            {
                return null; // the limits were invalid: already an error
            }

            foreach (var name in new[] { BurstName, AllowlistName, WhitelistName }.Where(reader.Has))
            {
                reader.Warning(name, "ignored: none of limit-rps, limit-rpm and limit-connections sets a limit");
            }

            return null;
        }

        return new RateLimits
        {
            RequestsPerSecond = rps is 0 ? null : rps,
            RequestsPerMinute = rpm is 0 ? null : rpm,
            Connections = connections is 0 ? null : connections,
            BurstMultiplier = burst ?? DefaultBurstMultiplier,
            Allowlist = allowlist,
        };
    }
}
