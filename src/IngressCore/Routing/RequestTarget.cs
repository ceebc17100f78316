using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IngressCore.Routing;

/// <summary>
/// The request-target exactly as the client sent it. Matching uses this, not <c>Request.Path</c>:
/// Kestrel has already decoded and resolved that one, and the engine decoding it a second time would
/// turn <c>/a/%252e%252e/admin</c> into <c>/admin</c>.
/// </summary>
internal static class RequestTarget
{
    /// <summary>
    /// The origin-form path and query: the raw target when it starts with <c>/</c>; the path and
    /// query of an absolute-form target (<c>http://host/path?q</c>); <see langword="null"/> for
    /// <c>*</c> and authority-form targets, which no route takes.
    /// </summary>
    public static string? PathAndQuery(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            // A server that keeps no raw target: rebuild it, escaped, from the decoded parts.
            return context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent();
        }

        if (raw[0] == '/')
        {
            return raw;
        }

        var schemeEnd = raw.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return null;
        }

        var pathStart = raw.AsSpan(schemeEnd + 3).IndexOfAny('/', '?');
        if (pathStart < 0)
        {
            return "/";
        }

        var target = raw[(schemeEnd + 3 + pathStart)..];
        return target[0] == '?' ? "/" + target : target;
    }
}
