using System.Net;
using Microsoft.AspNetCore.Builder;
using IngressCore.IntegrationTests.Support;

namespace IngressCore.IntegrationTests;

/// <summary>
/// default-backend, custom-http-errors and disable-proxy-intercept-errors
/// (docs/annotations.md) with in-process backends, mirroring kubernetes/ingress-nginx
/// test/e2e/annotations/default_backend.go, customhttperrors.go and disableproxyintercepterrors.go.
/// </summary>
public sealed class ErrorBackendTests
{
    private const string Host = "errors.foo.com";

    private static Task<Gateway> StartAsync(string service, params (string Name, string Value)[] annotations) =>
        Gateway.StartAsync(
            o => o.Ingresses.Add(Ingresses.Single("errors", Host, "/", service, annotations: Ingresses.Nginx(annotations))),
            app =>
            {
                app.MapIngressBackend("echo", b => TestBackends.Echo(b, "echo"));
                app.MapIngressBackend("not-found", b => TestBackends.Status(b, "not-found", 404));
                app.MapIngressBackend("failing", b => TestBackends.Status(b, "failing", 500));
            });

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(Gateway gateway, string target, string? requestId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{Host}{target}"));
        if (requestId is not null)
        {
            request.Headers.Add("X-Request-ID", requestId);
        }

        using var response = await gateway.Client().SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What the echo error backend saw: ingress-nginx's X-* headers for the "errors" Ingress's Service port 80.</summary>
    private static void AssertErrorRequest(string body, string code, string service, string originalUri, string requestId, string path)
    {
        Assert.Equal("echo", TestBackends.Field(body, "backend"));
        Assert.Equal(code, TestBackends.Field(body, "x-code"));
        Assert.Equal("errors", TestBackends.Field(body, "x-ingress-name"));
        Assert.Equal("default", TestBackends.Field(body, "x-namespace"));
        Assert.Equal(service, TestBackends.Field(body, "x-service-name"));
        Assert.Equal("80", TestBackends.Field(body, "x-service-port"));
        Assert.Equal(originalUri, TestBackends.Field(body, "x-original-uri"));
        Assert.Equal(requestId, TestBackends.Field(body, "x-request-id"));
        Assert.Equal(path, TestBackends.Field(body, "path"));
    }

    [Fact] // default_backend.go "should use a custom default backend as upstream"
    public async Task A_service_without_backend_goes_to_the_default_backend_with_x_code_503()
    {
        await using var gateway = await StartAsync("invalid", ("default-backend", "echo"));

        var (status, body) = await GetAsync(gateway, "/alma/armud", "something-unique");

        Assert.Equal(HttpStatusCode.OK, status);
        // The request itself is unchanged: its path goes to the default backend.
        AssertErrorRequest(body, code: "503", service: "invalid", originalUri: "/alma/armud", requestId: "something-unique", path: "/alma/armud");
    }

    [Fact]
    public async Task Without_a_default_backend_a_service_without_backend_is_503()
    {
        await using var gateway = await StartAsync("invalid", ("default-backend", "also-missing"));

        var (status, body) = await GetAsync(gateway, "/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("503 Service Unavailable: no endpoints\n", body);
    }

    [Fact] // disableproxyintercepterrors.go, intercept enabled: the error backend answers for "/", with its own status
    public async Task A_listed_status_is_replaced_by_the_default_backends_answer()
    {
        await using var gateway = await StartAsync("not-found", ("custom-http-errors", "404"), ("default-backend", "echo"));

        var (status, body) = await GetAsync(gateway, "/status/404?x=1", "proxy_intercept_errors");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertErrorRequest(body, code: "404", service: "not-found", originalUri: "/status/404?x=1", requestId: "proxy_intercept_errors", path: "/");
        Assert.DoesNotContain("backend=not-found", body, StringComparison.Ordinal);
    }

    [Fact] // disableproxyintercepterrors.go, intercept disabled: the backend's error reaches the client
    public async Task Disable_proxy_intercept_errors_passes_the_backends_error_through()
    {
        await using var gateway = await StartAsync(
            "not-found", ("custom-http-errors", "404"), ("disable-proxy-intercept-errors", "true"), ("default-backend", "echo"));

        var (status, body) = await GetAsync(gateway, "/status/404");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("backend=not-found\nstatus=404\n", body);
    }

    [Fact] // customhttperrors.go: only the listed codes are intercepted
    public async Task An_unlisted_status_passes_through()
    {
        await using var gateway = await StartAsync("failing", ("custom-http-errors", "404, 503"), ("default-backend", "echo"));

        var (status, body) = await GetAsync(gateway, "/");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("backend=failing\nstatus=500\n", body);
    }

    [Fact] // no error backend at all: a plain page with the status
    public async Task Without_an_error_backend_a_plain_status_page_answers()
    {
        await using var gateway = await StartAsync("failing", ("custom-http-errors", "500"));

        var (status, body) = await GetAsync(gateway, "/");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("500 Internal Server Error\n", body);
    }

    [Fact] // a successful answer streams through the intercepting body untouched
    public async Task A_successful_answer_is_passed_through()
    {
        await using var gateway = await StartAsync("echo", ("custom-http-errors", "404"), ("default-backend", "not-found"));

        var (status, body) = await GetAsync(gateway, "/hello");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("echo", TestBackends.Field(body, "backend"));
        Assert.Equal("/hello", TestBackends.Field(body, "path"));
        Assert.Null(TestBackends.Field(body, "x-code"));
    }
}
