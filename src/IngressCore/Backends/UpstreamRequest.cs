using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using IngressCore.Annotations;
using IngressCore.Decisions;

namespace IngressCore.Backends;

/// <summary>
/// Makes the request an in-process backend sees the request an nginx upstream would receive:
/// the rewritten request-target with <c>X-Forwarded-Prefix</c>, and the <c>upstream-vhost</c> Host.
/// A proxy branch reads the same values from the request's <c>IIngressRouteFeature.Decision</c>.
/// </summary>
internal static class UpstreamRequest
{
    /// <summary>Replaces the path and query with the rewrite's, and sets <c>X-Forwarded-Prefix</c> when configured.</summary>
    public static void ApplyRewrite(HttpContext context, IngressDecision decision)
    {
        var upstream = decision.UpstreamTarget!;
        var question = upstream.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? upstream : upstream[..question];
        var request = context.Request;
        request.Path = PathString.FromUriComponent(path);
        request.QueryString = question < 0 ? QueryString.Empty : new QueryString(upstream[question..]);
        if (context.Features.Get<IHttpRequestFeature>() is { } feature)
        {
            feature.RawTarget = upstream;
        }

        if (decision.ForwardedPrefix is { } prefix)
        {
            request.Headers["X-Forwarded-Prefix"] = prefix;
        }
    }

    /// <summary><c>upstream-vhost</c>: the Host header the backend receives.</summary>
    public static void ApplyUpstreamHost(HttpContext context, IngressAnnotations policies)
    {
        if (policies.UpstreamVhost is { } vhost)
        {
            context.Request.Headers.Host = vhost;
        }
    }
}
