using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using IngressCore.Annotations;

namespace IngressCore.Routing.Policies;

/// <summary>
/// <c>enable-cors</c> and <c>cors-*</c> exactly as ingress-nginx's <c>CORS</c> template block
/// (docs/annotations.md): a preflight is answered 204 here, without the backend; any
/// other request with CORS on gets the CORS headers on whatever response it ends with, including
/// the error answers of later phases (403, 503), as nginx's <c>more_set_headers</c> do.
/// </summary>
/// <remarks>
/// ASP.NET Core's <c>ICorsService</c> cannot express these semantics, so this is its own small
/// evaluator: it refuses <c>AllowAnyOrigin</c> with credentials (ingress-nginx's default sends
/// <c>Access-Control-Allow-Origin: *</c> with <c>Access-Control-Allow-Credentials: true</c>); it
/// treats an <c>OPTIONS</c> as a preflight only with <c>Access-Control-Request-Method</c>, where nginx
/// answers every <c>OPTIONS</c>; it sends the allowed methods and headers only on preflights, echoing
/// the requested ones; and its origin predicate has no one-label wildcard with the end-anchored,
/// case-insensitive match of nginx's regex (<see cref="CorsOriginMatcher"/>).
/// </remarks>
internal static class CorsResponse
{
    private static readonly ConditionalWeakTable<CorsPolicy, HeaderValues> Cache = [];

    private static readonly Func<object, Task> AddHeaders = static state =>
    {
        var (response, values, origin) = ((HttpResponse, HeaderValues, string))state;
        values.WriteTo(response.Headers, origin);
        return Task.CompletedTask;
    };

    /// <summary>
    /// Applies CORS to the request: returns <see langword="true"/> when it answered a preflight
    /// (the request ends here); otherwise registers the headers when the origin is allowed.
    /// </summary>
    public static bool AnswersPreflight(HttpContext context, CorsPolicy? cors)
    {
        if (cors is not { Enabled: true } || AllowedOrigin(cors, context.Request.Headers.Origin) is not { } origin)
        {
            // A request from an origin not allowed gets no CORS header and goes on to its backend,
            // an OPTIONS included: the browser enforces the refusal.
            return false;
        }

        var values = Cache.GetValue(cors, static c => new HeaderValues(c));
        var response = context.Response;
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            values.WriteTo(response.Headers, origin);
            response.StatusCode = StatusCodes.Status204NoContent;
            // nginx's text, missing ';' and all. nginx also sends Content-Length: 0, which Kestrel
            // never writes on a 204 (RFC 9110 §8.6 forbids it); the body is empty either way.
            response.Headers.ContentType = "text/plain charset=UTF-8";
            return true;
        }

        response.OnStarting(AddHeaders, (response, values, origin));
        return false;
    }

    /// <summary>
    /// The <c>Access-Control-Allow-Origin</c> value, or <see langword="null"/> when CORS is off for the
    /// request: <c>*</c> for any origin (even a request without <c>Origin</c>, as nginx sets
    /// <c>$http_origin</c> to <c>*</c>); otherwise the request's own <c>Origin</c> when it matches an
    /// entry. A request with several <c>Origin</c> headers matches nothing, nor does one with a space or
    /// any character outside visible ASCII: nginx's match is anchored only at the end, so it would
    /// reflect <c>anything https://allowed.example</c> whole; no browser sends such an origin.
    /// </summary>
    private static string? AllowedOrigin(CorsPolicy cors, StringValues origin)
    {
        if (cors.AllowsAnyOrigin)
        {
            return "*";
        }

        return origin.Count == 1 && origin[0] is { Length: > 0 } value &&
            !value.AsSpan().ContainsAnyExceptInRange('!', '~') &&
            CorsOriginMatcher.MatchesAny(cors.AllowedOrigins, value)
            ? value
            : null;
    }

    /// <summary>The header values of one policy, built once (the policy is immutable).</summary>
    private sealed class HeaderValues(CorsPolicy cors)
    {
        private readonly bool _credentials = cors.AllowCredentials;

        // ", " between methods and "," between headers: ingress-nginx's defaults as it writes them.
        private readonly string _methods = string.Join(", ", cors.AllowedMethods);
        private readonly string _headers = string.Join(ReferenceEquals(cors.AllowedHeaders, CorsPolicy.DefaultAllowedHeaders) ? "," : ", ", cors.AllowedHeaders);
        private readonly string? _expose = cors.ExposedHeaders.Count == 0 ? null : string.Join(", ", cors.ExposedHeaders);
        private readonly string _maxAge = cors.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture);

        /// <summary>Sets (replacing what the backend sent, as <c>more_set_headers</c>) the CORS headers.</summary>
        public void WriteTo(IHeaderDictionary headers, string origin)
        {
            headers.AccessControlAllowOrigin = origin;
            if (_credentials)
            {
                headers.AccessControlAllowCredentials = "true";
            }

            headers.AccessControlAllowMethods = _methods;
            headers.AccessControlAllowHeaders = _headers;
            if (_expose is not null)
            {
                headers.AccessControlExposeHeaders = _expose;
            }

            headers.AccessControlMaxAge = _maxAge;
        }
    }
}
