using System.Text;
using Microsoft.AspNetCore.Http;

namespace IngressCore.Forwarding;

/// <summary>
/// The answers of the forwarder's own making, byte for byte nginx's built-in error pages as
/// ingress-nginx serves them (server_tokens off): 502 when the backend fails or resets, 503 when the
/// Service has no endpoint, 504 on a timeout. They name nothing of the cluster's insides.
/// </summary>
internal static class ProxyErrorPages
{
    private static readonly byte[] Page502 = Page("502 Bad Gateway");
    private static readonly byte[] Page503 = Page("503 Service Temporarily Unavailable");
    private static readonly byte[] Page504 = Page("504 Gateway Time-out");

    /// <summary>The page for <paramref name="status"/>, or <see langword="null"/> for a status that has none here.</summary>
    public static byte[]? For(int status) => status switch
    {
        StatusCodes.Status502BadGateway => Page502,
        StatusCodes.Status503ServiceUnavailable => Page503,
        StatusCodes.Status504GatewayTimeout => Page504,
        _ => null,
    };

    /// <summary>Answers <paramref name="status"/> with its page (the response must not have started).</summary>
    public static Task WriteAsync(HttpContext context, int status)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (For(status) is not { } page)
        {
            return Task.CompletedTask;
        }

        response.ContentType = "text/html";
        response.ContentLength = page.Length;
        return response.Body.WriteAsync(page, context.RequestAborted).AsTask();
    }

    // nginx's ngx_http_error_pages, with its CRLF line ends and the tail of server_tokens off.
    private static byte[] Page(string title) => Encoding.ASCII.GetBytes(
        $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
}
