using IngressCore.Routing.Policies;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Lets <c>UseIngressRouting</c> check request framing as sent on a Kestrel endpoint.</summary>
public static class IngressRequestFramingListenOptionsExtensions
{
    /// <summary>
    /// Keeps each HTTP/1.x request's header lines as the client sent them until
    /// <c>UseIngressRouting</c> has checked them (docs/serving.md §1.4): Kestrel keeps only the
    /// number it parsed from <c>Content-Length</c>, so without this a <c>Content-Length: +5</c>
    /// passes as 5. Add it to every HTTP endpoint; <c>UseIngressTls</c> adds it after TLS itself.
    /// Costs a copy of each request head (not of bodies with a Content-Length), at most the
    /// endpoint's request line and header limits per connection.
    /// </summary>
    /// <param name="listenOptions">The endpoint.</param>
    /// <returns><paramref name="listenOptions"/>.</returns>
    public static ListenOptions UseIngressRequestFraming(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        // The limits as they are when connections come, whatever is configured after this call.
        var limits = listenOptions.KestrelServerOptions.Limits;
        listenOptions.Use(next => new RequestHeadCapture(next, limits).OnConnectionAsync);
        return listenOptions;
    }
}
