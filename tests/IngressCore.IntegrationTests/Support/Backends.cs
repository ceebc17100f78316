using IngressCore.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IngressCore.IntegrationTests.Support;

/// <summary>In-process backends that say who they are and what they saw, one <c>key=value</c> per line.</summary>
internal static class Backends
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
                $"client={feature?.ClientAddress}\n");
        });

    /// <summary>The value of <c>key=</c> in a backend's answer.</summary>
    public static string? Field(string body, string key) =>
        body.Split('\n').FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
}
