using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using IngressCore.Annotations;

namespace IngressCore.Routing.Policies;

/// <summary>
/// <c>proxy-body-size</c> (docs/annotations.md): nginx's <c>client_max_body_size</c>,
/// checked right after location selection, before CORS, redirects and access control.
/// </summary>
internal static class RequestBodyLimit
{
    /// <summary>
    /// Whether the request must be answered 413 now: its <c>Content-Length</c> is over the limit.
    /// Otherwise the limit is handed to Kestrel, which enforces it while a body without a length
    /// (chunked) is read: reading past it throws, and Kestrel answers 413 if nothing was sent yet.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="policies">The location's annotations.</param>
    /// <param name="defaultLimit">The limit when the annotation is absent (<see cref="Runtime.IngressRoutingOptions.ProxyBodySize"/>); <see langword="null"/> leaves Kestrel's own.</param>
    public static bool Rejects(HttpContext context, IngressAnnotations policies, long? defaultLimit)
    {
        long? limit;
        if (policies.ProxyBodySize is { } annotated)
        {
            limit = annotated.LimitBytes; // null: "0", no limit at all, as nginx
        }
        else if (defaultLimit is { } configured)
        {
            limit = configured;
        }
        else
        {
            return false;
        }

        if (limit is { } max && context.Request.ContentLength > max)
        {
            return true;
        }

        // Read-only once the body has been read (or for an upgraded request): then there is
        // nothing left to limit here.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return false;
    }
}
