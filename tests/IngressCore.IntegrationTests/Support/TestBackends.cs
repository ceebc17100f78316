using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using IngressCore.Backends;
using IngressCore.Decisions;
using IngressCore.Matching;
using IngressCore.Passthrough;
using IngressCore.Routing;
using IngressCore.Sources;

namespace IngressCore.IntegrationTests.Support;

/// <summary>In-process backends that say who they are and what they saw, one <c>key=value</c> per line.</summary>
internal static class TestBackends
{
    public static void Echo(IApplicationBuilder branch, string name) =>
        branch.Run(context =>
        {
            var feature = context.Features.Get<IIngressRouteFeature>();
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(
                $"backend={name}\n" +
                $"path={context.Request.Path}\n" +
                $"query={context.Request.QueryString}\n" +
                $"host={context.Request.Host}\n" +
                $"prefix={context.Request.Headers["X-Forwarded-Prefix"]}\n" +
                $"canary={feature?.Decision.IsCanary}\n" +
                $"raw={context.Features.Get<IHttpRequestFeature>()!.RawTarget}\n" +
                $"route={feature?.Route?.Path}\n" +
                $"scheme={feature?.Scheme}\n" +
                $"client={feature?.ClientAddress}\n" +
                $"method={context.Request.Method}\n" +
                // The X-* request headers, lowercased, as ingress-nginx's echo server prints them (x-code=503).
                string.Concat(context.Request.Headers
                    .Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
                    .Select(h => $"{h.Key.ToLowerInvariant()}={h.Value}\n")));
        });

    /// <summary>Answers <paramref name="status"/> with a body naming the backend (an upstream error page).</summary>
    public static void Status(IApplicationBuilder branch, string name, int status) =>
        branch.Run(context =>
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsync($"backend={name}\nstatus={status}\n");
        });

    /// <summary>The value of <c>key=</c> in a backend's answer.</summary>
    public static string? Field(string body, string key) =>
        body.Split('\n').FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
}
