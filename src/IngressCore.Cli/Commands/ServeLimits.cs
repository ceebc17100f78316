using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace IngressCore.Cli.Commands;

/// <summary>
/// What bounds a slow client of <c>serve</c>, set on Kestrel with ingress-nginx's defaults as the
/// reference (its ConfigMap's <c>client-header-timeout</c>, <c>client-body-timeout</c>,
/// <c>keep-alive</c> and <c>large-client-header-buffers</c>; docs/serving.md §6, "Slow clients").
/// Set explicitly even where Kestrel's default is the same, so that a change of Kestrel's defaults
/// does not change what a client may make the gateway do.
/// </summary>
internal static class ServeLimits
{
    /// <summary>
    /// A request head must be whole within this time of its first byte: Kestrel's default, stricter
    /// than ingress-nginx's <c>client-header-timeout</c> (60 s). A client that takes longer is
    /// almost surely holding the connection on purpose.
    /// </summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An idle keep-alive connection is closed after this (ingress-nginx <c>keep-alive</c>: 75 s; Kestrel's default 130 s).</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(75);

    /// <summary>The request line, at most (ingress-nginx <c>large-client-header-buffers</c> 4 8k: one 8 KiB buffer; Kestrel's default too).</summary>
    public const int MaxRequestLineSize = 8 * 1024;

    /// <summary>The header section, at most (4 × 8 KiB buffers in ingress-nginx; Kestrel's default too).</summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>
    /// A request body must arrive at this average rate once the grace period has passed (Kestrel's
    /// default). nginx's <c>client-body-timeout</c> (60 s between two reads) has no Kestrel
    /// equivalent; an average rate bounds a trickling body more tightly.
    /// </summary>
    public static readonly MinDataRate MinRequestBodyDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    /// <summary>Applies these limits to Kestrel's.</summary>
    public static void Apply(KestrelServerLimits limits)
    {
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MaxRequestLineSize = MaxRequestLineSize;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MinRequestBodyDataRate = MinRequestBodyDataRate;
    }
}
