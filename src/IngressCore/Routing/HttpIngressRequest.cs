using Microsoft.AspNetCore.Http;
using IngressCore.Decisions;

namespace IngressCore.Routing;

/// <summary>The middleware's view of a request for <see cref="IngressRequestDecider"/>: a struct, so deciding boxes nothing.</summary>
internal readonly struct HttpIngressRequest(HttpContext context, string host, string target, ForwardedRequest forwarded) : IIngressRequest
{
    public string Scheme => forwarded.Scheme;

    public string Host => host;

    public string Target => target;

    public int ServerPort => context.Connection.LocalPort;

    public string? ForwardedHost => forwarded.ForwardedHost;

    public string? GetHeader(string name)
    {
        var values = context.Request.Headers[name];
        return values.Count == 0 ? null : values.ToString();
    }

    public string? GetCookie(string name) => context.Request.Cookies[name];
}
