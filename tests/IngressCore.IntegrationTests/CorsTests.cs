using System.Net;
using Microsoft.AspNetCore.Builder;
using IngressCore.IntegrationTests.Support;

namespace IngressCore.IntegrationTests;

/// <summary>
/// enable-cors and cors-* (docs/annotations.md), mirroring kubernetes/ingress-nginx
/// test/e2e/annotations/cors.go: each case names the e2e test it follows.
/// </summary>
public sealed class CorsTests
{
    private const string Host = "cors.foo.com";

    private static int s_backendCalls;

    private static Task<Gateway> StartAsync(params (string Name, string Value)[] annotations) =>
        Gateway.StartAsync(
            o => o.Ingresses.Add(Ingresses.Single("cors", Host, "/", "http-svc", annotations: Ingresses.Nginx([("enable-cors", "true"), .. annotations]))),
            app => app.MapIngressBackend("http-svc", b =>
            {
                b.Use((context, next) =>
                {
                    Interlocked.Increment(ref s_backendCalls);
                    return next(context);
                });
                TestBackends.Echo(b, "http-svc");
            }));

    private static async Task<HttpResponseMessage> SendAsync(Gateway gateway, HttpMethod method, string? origin)
    {
        using var request = new HttpRequestMessage(method, new Uri($"http://{Host}/"));
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return await gateway.Client().SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    [Fact] // cors.go "should enable cors": the defaults, for every request, even without Origin
    public async Task Enabled_with_defaults_adds_the_headers_to_every_response()
    {
        await using var gateway = await StartAsync();

        using var response = await SendAsync(gateway, HttpMethod.Get, origin: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("GET, PUT, POST, DELETE, PATCH, OPTIONS", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("1728000", Header(response, "Access-Control-Max-Age"));
        Assert.Null(Header(response, "Access-Control-Expose-Headers"));
        Assert.Equal("backend=http-svc", (await response.Content.ReadAsStringAsync()).Split('\n')[0]);
    }

    [Fact] // docs/annotations.md: a preflight is answered here, 204, without the backend
    public async Task A_preflight_is_answered_204_without_the_backend()
    {
        await using var gateway = await StartAsync();
        var before = Volatile.Read(ref s_backendCalls);

        var response = await Curl.GetAsync(gateway.HttpPort, Host, "/api", "-X", "OPTIONS", "-H", "Origin: https://any.example");

        Assert.Equal(204, response.Status);
        Assert.Equal("*", response.Header("Access-Control-Allow-Origin"));
        Assert.Equal("text/plain charset=UTF-8", response.Header("Content-Type"));
        // nginx also sends Content-Length: 0; Kestrel never sends Content-Length on a 204 (RFC 9110 §8.6).
        Assert.Null(response.Header("Content-Length"));
        Assert.Equal("1728000", response.Header("Access-Control-Max-Age"));
        Assert.Equal("", response.Body);
        Assert.Equal(before, Volatile.Read(ref s_backendCalls));
    }

    [Theory] // cors.go "should set cors methods to only allow POST, GET", "should set cors max-age",
             // "should allow headers for cors", "should expose headers for cors"
    [InlineData("cors-allow-methods", "POST, GET", "Access-Control-Allow-Methods", "POST, GET")]
    [InlineData("cors-max-age", "200", "Access-Control-Max-Age", "200")]
    [InlineData("cors-allow-headers", "DNT, User-Agent", "Access-Control-Allow-Headers", "DNT, User-Agent")]
    [InlineData("cors-expose-headers", "X-CustomResponseHeader, X-CustomSecondHeader", "Access-Control-Expose-Headers", "X-CustomResponseHeader, X-CustomSecondHeader")]
    public async Task A_setting_shows_in_its_header(string annotation, string value, string header, string expected)
    {
        await using var gateway = await StartAsync((annotation, value));

        using var response = await SendAsync(gateway, HttpMethod.Get, "https://origin.example");

        Assert.Equal(expected, Header(response, header));
    }

    [Fact] // cors.go "should disable cors allow credentials"
    public async Task Credentials_false_drops_the_credentials_header()
    {
        await using var gateway = await StartAsync(("cors-allow-credentials", "false"));

        using var response = await SendAsync(gateway, HttpMethod.Get, "https://origin.example");

        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Theory]
    // cors.go "should allow origin for cors", "should allow - single origin for multiple cors values"
    [InlineData("https://origin.cors.com:8080", "https://origin.cors.com:8080", true)]
    [InlineData("https://origin.cors.com:8080, https://origin2.cors.com", "https://origin2.cors.com", true)]
    // cors.go "should not allow - single origin for multiple cors values", "should not match"
    [InlineData("http://origin2.cors.com, https://origin.com", "http://origin.cors.com", false)]
    [InlineData("https://foo.bar.com", "https://foo.bar.com.evil.com", false)]
    // cors.go "should allow - single origin with required port", "should not allow - single origin
    // with port and origin without port", "... without port and origin with required port"
    [InlineData("http://origin.cors.com:8080, http://origin.com:8080", "http://origin.com:8080", true)]
    [InlineData("https://origin2.cors.com, http://origin.com", "http://origin.com:8080", false)]
    [InlineData("http://origin.cors.com:8080, http://origin.com:8080", "http://origin.com", false)]
    // cors.go "should allow - matching origin with wildcard origin (2 subdomains)", "should not allow -
    // unmatching origin with wildcard origin (2 subdomains)": '*' is exactly one label
    [InlineData("http://*.origin.cors.com, http://*.origin.com:8080", "http://abc.origin.com:8080", true)]
    [InlineData("http://*.origin.cors.com, http://*.origin.com:8080", "http://abc.origin.cors.com", true)]
    [InlineData("http://*.origin.cors.com, http://*.origin.com:8080", "http://abc.def.origin.com:8080", false)]
    [InlineData("http://*.origin.cors.com", "http://origin.cors.com", false)]
    // cors.go "should not allow - portless origin with wildcard origin"
    [InlineData("http://origin.cors.com:8080, http://*.origin.com:8080", "http://abc.origin.com", false)]
    // case-insensitive (nginx's ~*)
    [InlineData("https://origin.cors.com", "HTTPS://Origin.CORS.com", true)]
    // cors.go "should allow - origins with non-http[s] protocols"
    [InlineData("test://localhost, tauri://localhost:3000", "tauri://localhost:3000", true)]
    // the null origin (sandboxed documents)
    [InlineData("null", "null", true)]
    [InlineData("https://origin.cors.com", "null", false)]
    // anchored at the end only, as nginx's regex: a longer origin ending in an entry matches...
    [InlineData("https://origin.cors.com", "https://x.https://origin.cors.com", true)]
    // ...but never one with a space or a character outside visible ASCII (IngressCore; nginx would reflect it)
    [InlineData("https://origin.cors.com", "evil https://origin.cors.com", false)]
    public async Task Explicit_origins_are_matched_as_ingress_nginx_does(string allowed, string origin, bool matches)
    {
        await using var gateway = await StartAsync(("cors-allow-origin", allowed));

        using var response = await SendAsync(gateway, HttpMethod.Get, origin);

        // Either way the request reaches the backend: the browser enforces the refusal.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(matches ? origin : null, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(matches ? "true" : null, Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact] // docs/annotations.md: OPTIONS from an origin not allowed is proxied normally
    public async Task Options_from_an_origin_not_allowed_goes_to_the_backend()
    {
        await using var gateway = await StartAsync(("cors-allow-origin", "https://origin.cors.com"));

        using var allowed = await SendAsync(gateway, HttpMethod.Options, "https://origin.cors.com");
        using var refused = await SendAsync(gateway, HttpMethod.Options, "https://other.example");

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://origin.cors.com", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Null(Header(refused, "Access-Control-Allow-Origin"));
        Assert.Equal("method=OPTIONS", (await refused.Content.ReadAsStringAsync()).Split('\n').Single(l => l.StartsWith("method=", StringComparison.Ordinal)));
    }

    [Fact] // docs/annotations.md, "How the engine applies them" note: CORS headers also on the error answers of later phases (auth.go "401 and cors headers")
    public async Task A_403_from_the_allowlist_carries_the_cors_headers()
    {
        await using var gateway = await StartAsync(("allowlist-source-range", "10.0.0.0/8"));

        using var response = await SendAsync(gateway, HttpMethod.Get, "https://origin.example");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_without_enable_cors_adds_nothing()
    {
        await using var gateway = await Gateway.StartAsync(
            o => o.Ingresses.Add(Ingresses.Single("cors", Host, "/", "http-svc", annotations: Ingresses.Nginx(("cors-allow-origin", "https://origin.cors.com")))),
            app => app.MapIngressBackend("http-svc", b => TestBackends.Echo(b, "http-svc")));

        using var response = await SendAsync(gateway, HttpMethod.Options, "https://origin.cors.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }
}
