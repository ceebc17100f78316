using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace IngressCore.Routing.Policies;

/// <summary>
/// The request's framing, checked before anything else: a request whose body length a backend
/// could read otherwise than the gateway does (request smuggling) is answered before anything is
/// forwarded, and its connection is closed, so no byte after it is taken for another request.
/// Kestrel already refuses most malformed framing (a non-numeric or repeated <c>Content-Length</c>,
/// a list in it, obs-fold, a bare CR, a final coding other than <c>chunked</c>); this is what it
/// lets through (docs/serving.md, "Request framing"). A <c>Content-Length</c> is checked as it was
/// sent when the endpoint keeps request heads (<c>UseIngressRequestFraming</c>): Kestrel keeps only
/// the number it parsed.
/// </summary>
internal static class RequestFraming
{
    /// <summary>Where Kestrel puts a Content-Length that came with Transfer-Encoding.</summary>
    private const string MovedContentLength = "X-Content-Length";

    /// <summary>Why the request's framing is refused and with which status, or <see langword="null"/> when it is sound.</summary>
    public static (int Status, string Reason)? Check(HttpContext context)
    {
        var request = context.Request;
        if (context.Features.Get<RequestHeadRecorder>() is { } recorder && (HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol)))
        {
            // The head as sent (UseIngressRequestFraming): Kestrel reads "+5" as 5.
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
            var head = recorder.FindHead(request.Method, raw, request.Protocol);
            var digits = head.IsEmpty || ContentLengthIsDigits(head);
            recorder.Release(request.ContentLength);
            if (!digits)
            {
                return (StatusCodes.Status400BadRequest, "Content-Length must be digits only");
            }
        }

        var headers = request.Headers;
        var codings = headers.TransferEncoding;
        if (codings.Count == 0)
        {
            return null;
        }

        // Kestrel reads a Content-Length sent beside Transfer-Encoding as X-Content-Length (and
        // frames the body by the chunks alone), so that is where it shows.
        if (headers.ContentLength is not null || headers.ContainsKey(MovedContentLength))
        {
            // RFC 9112 §6.3 item 3: both at once "ought to be handled as an error"; a server
            // before or behind this one that reads the length instead of the chunks sees another
            // request in the body.
            return (StatusCodes.Status400BadRequest, "Transfer-Encoding and Content-Length together");
        }

        if (HttpProtocol.IsHttp10(request.Protocol))
        {
            // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            return (StatusCodes.Status400BadRequest, "Transfer-Encoding in an HTTP/1.0 request");
        }

        return CheckCodings(codings);
    }

    /// <summary>Answers a refused request in plain text and closes its connection (RFC 9112 §6.3 item 3, §9.6).</summary>
    public static Task RefuseAsync(HttpContext context, (int Status, string Reason) refusal)
    {
        if (!HttpProtocol.IsHttp2(context.Request.Protocol) && !HttpProtocol.IsHttp3(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }

        var body = string.Create(
            CultureInfo.InvariantCulture, $"{refusal.Status} {ReasonPhrases.GetReasonPhrase(refusal.Status)}: {refusal.Reason}\n");
        return IngressRoutingMiddleware.PlainTextAsync(context, refusal.Status, body);
    }

    /// <summary>
    /// Whether every <c>Content-Length</c> line of <paramref name="head"/> holds digits only (RFC
    /// 9110 §8.6), spaces and tabs around them allowed; the lines end at the first empty one.
    /// </summary>
    private static bool ContentLengthIsDigits(ReadOnlySpan<byte> head)
    {
        var first = true;
        foreach (var range in head.Split((byte)'\n'))
        {
            var line = head[range];
            line = line.EndsWith("\r"u8) ? line[..^1] : line;
            if (first)
            {
                first = false; // the request line
                continue;
            }

            if (line.IsEmpty)
            {
                return true; // the end of the head: what follows is the body
            }

            var colon = line.IndexOf((byte)':');
            if (colon < 0 || !Ascii.EqualsIgnoreCase(line[..colon], "Content-Length"u8))
            {
                continue;
            }

            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.IsEmpty || value.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The only transfer coding a request may carry here is one <c>chunked</c>, last (RFC 9112
    /// §6.3 item 4, §7.1): without it, not last, or twice, the framing is faulty (400); another
    /// coding before it is one not understood (501, RFC 9112 §6.1, as nginx answers), since the
    /// backend would receive its bytes unmarked.
    /// </summary>
    private static (int Status, string Reason)? CheckCodings(StringValues values)
    {
        var chunked = 0;
        var last = false;
        var other = false;
        foreach (var value in values)
        {
            foreach (var range in (value ?? "").AsSpan().Split(','))
            {
                var coding = (value ?? "").AsSpan(range).Trim(" \t");
                if (coding.IsEmpty)
                {
                    continue; // RFC 9110 §5.6.1: empty list elements are ignored
                }

                last = coding.Equals("chunked", StringComparison.OrdinalIgnoreCase);
                chunked += last ? 1 : 0;
                other |= !last;
            }
        }

        return chunked switch
        {
            0 => (StatusCodes.Status400BadRequest, "Transfer-Encoding without chunked"),
            _ when !last => (StatusCodes.Status400BadRequest, "chunked is not the last transfer coding"),
            > 1 => (StatusCodes.Status400BadRequest, "chunked more than once in Transfer-Encoding"),
            _ when other => (StatusCodes.Status501NotImplemented, "only the chunked transfer coding is supported"),
            _ => null,
        };
    }
}
