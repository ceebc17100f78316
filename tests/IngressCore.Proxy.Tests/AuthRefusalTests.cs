using System.Net;
using IngressCore.Proxy.Tests.Support;
using Microsoft.AspNetCore.Http;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>
/// An auth refusal stays a refusal with forwarded Services as error backends: neither the
/// <c>default-backend</c> annotation's Service, nor <c>IngressRoutingOptions.DefaultBackendService</c>,
/// nor <c>custom-http-errors</c> (the annotation's or the controller's) may answer it
/// (CVE-2026-24513: an error backend that answers 200 whatever <c>X-Code</c> says turned refusals into passes).
/// </summary>
public sealed class AuthRefusalTests
{
    [Theory]
    [InlineData("annotated.example", 401)]
    [InlineData("annotated.example", 403)]
    [InlineData("annotated.example", 500)]
    [InlineData("global.example", 401)]
    [InlineData("global.example", 403)]
    [InlineData("global.example", 500)]
    public async Task Proxied_error_backends_never_answer_an_auth_refusal(string host, int refusal)
    {
        var answer = refusal;
        await using var auth = await TestBackend.StartAsync("auth", context =>
        {
            context.Response.StatusCode = Volatile.Read(ref answer);
            return Task.CompletedTask;
        });
        // The protected app fails, so a request that gets through is visibly intercepted.
        await using var app = await TestBackend.StartAsync("app", context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("the app's own error page");
        });
        await using var errors = await TestBackend.StartAsync("errors");
        await using var fallback = await TestBackend.StartAsync("default-http-backend");
        var authUrl = $"http://127.0.0.1:{auth.Port}/verify";
        await using var gateway = await ProxyGateway.StartAsync(
            Objects(
                [
                    Ingress("annotated", "annotated.example", Nginx(("auth-url", authUrl), ("custom-http-errors", "401,403,500"), ("default-backend", "errors")), paths: [("/", "app")]),
                    Ingress("global", "global.example", Nginx(("auth-url", authUrl)), paths: [("/", "app")]),
                ],
                [Service("app"), Service("errors"), Service("default-http-backend", ns: "ingress-nginx")],
                [.. Slices("app", [app]), .. Slices("errors", [errors]), .. Slices("default-http-backend", [fallback], ns: "ingress-nginx")]),
            routing: o =>
            {
                o.DefaultBackendService = "ingress-nginx/default-http-backend";
                o.CustomHttpErrors.Add(401);
                o.CustomHttpErrors.Add(403);
                o.CustomHttpErrors.Add(500);
            });
        var client = gateway.Client();

        using (var refused = await client.GetAsync($"http://{host}/private"))
        {
            Assert.Equal(refusal, (int)refused.StatusCode);
        }

        Assert.Equal(1, auth.Requests);
        Assert.Equal(0, app.Requests);
        Assert.Equal(0, errors.Requests);
        Assert.Equal(0, fallback.Requests);

        // The same locations intercept the backend's own 500 through the forwarder: the error
        // backends above were reachable, and stayed out only of the refusal.
        Volatile.Write(ref answer, StatusCodes.Status200OK);
        using var passed = await client.GetAsync($"http://{host}/private");
        var body = await passed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal(1, app.Requests);
        Assert.Equal(host == "annotated.example" ? "errors" : "default-http-backend", TestBackend.Field(body, "backend"));
        Assert.Equal("500", TestBackend.Field(body, "x-code"));
    }
}
