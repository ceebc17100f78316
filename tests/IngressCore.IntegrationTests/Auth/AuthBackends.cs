using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IngressCore.IntegrationTests.Auth;

/// <summary>The protected backend of the auth tests: it answers 200 and lists the request headers it received.</summary>
internal static class AuthBackends
{
    /// <summary>
    /// The xUnit collection of the test classes that count <see cref="Reached"/>: the count is
    /// process-wide, so they run one at a time (run in parallel, one class's pass moved another's count).
    /// </summary>
    public const string Collection = "auth backends";

    /// <summary>How many requests the backend has taken: a refused request must never reach it.</summary>
    private static int s_reached;

    public static int Reached => Volatile.Read(ref s_reached);

    public static void Protected(IApplicationBuilder branch, string name, int status = 200) =>
        branch.Run(context =>
        {
            Interlocked.Increment(ref s_reached);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(
                $"backend={name}\npath={context.Request.Path}{context.Request.QueryString}\n" +
                string.Concat(context.Request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(h => $"{h.Key.ToLowerInvariant()}={h.Value}\n")));
        });

    /// <summary>The value of a header the backend listed, or <see langword="null"/>.</summary>
    public static string? Header(string body, string name) =>
        body.Split('\n').FirstOrDefault(l => l.StartsWith(name.ToLowerInvariant() + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
}
