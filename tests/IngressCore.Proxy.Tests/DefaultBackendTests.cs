using System.Net;
using IngressCore.Model;
using IngressCore.Proxy.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>Default backends proxy too: spec.defaultBackend, IngressRoutingOptions.DefaultBackendService (--default-backend-service), and the default-backend and custom-http-errors annotations on proxied errors.</summary>
public sealed class DefaultBackendTests
{
    [Fact]
    public async Task The_catch_all_spec_defaultBackend_is_proxied()
    {
        await using var fallback = await TestBackend.StartAsync("fallback");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("catch-all", host: null, defaultBackend: IngressBackend.ForService("fallback", 80)), Ingress("web", "known.example", paths: [("/api", "fallback")])],
            [Service("fallback")], Slices("fallback", [fallback])));

        var body = await gateway.Client().GetStringAsync("http://anything.example/some/where");

        Assert.Equal("fallback", TestBackend.Field(body, "backend"));
        Assert.Equal("/some/where", TestBackend.Field(body, "target"));
    }

    [Fact]
    public async Task The_default_backend_service_takes_what_no_rule_takes_instead_of_404()
    {
        await using var app = await TestBackend.StartAsync("app");
        await using var errors = await TestBackend.StartAsync("errors", context =>
        {
            context.Response.StatusCode = 404;
            return context.Response.WriteAsync("default backend - 404");
        });
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "known.example", paths: [("/", "app")])],
                [Service("app"), Service("default-http-backend", ns: "ingress-nginx", port: 8080)],
                [.. Slices("app", [app]), .. Slices("default-http-backend", [errors], ns: "ingress-nginx")]),
            routing: o => o.DefaultBackendService = "ingress-nginx/default-http-backend");

        using var unknown = await gateway.Client().GetAsync("http://unknown.example/x");
        var known = await gateway.Client().GetStringAsync("http://known.example/x");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("default backend - 404", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(1, errors.Requests);
        Assert.Equal("app", TestBackend.Field(known, "backend"));
    }

    [Fact]
    public async Task The_default_backend_annotation_answers_for_a_Service_without_endpoints()
    {
        await using var errors = await TestBackend.StartAsync("errors");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "down.example", Nginx(("default-backend", "errors")), paths: [("/", "app")])],
            [Service("app"), Service("errors")], Slices("errors", [errors])));

        var body = await gateway.Client().GetStringAsync("http://down.example/page");

        Assert.Equal("errors", TestBackend.Field(body, "backend"));
        Assert.Equal("503", TestBackend.Field(body, "x-code"));
        Assert.Equal("app", TestBackend.Field(body, "x-service-name"));
    }

    [Fact]
    public async Task Custom_http_errors_replace_a_proxied_error_with_the_default_backend_answer()
    {
        string? appRequestId = null;
        await using var app = await TestBackend.StartAsync("app", context =>
        {
            appRequestId = context.Request.Headers["X-Request-ID"];
            context.Response.StatusCode = 503;
            return context.Response.WriteAsync("the app's own error page, with internals");
        });
        await using var errors = await TestBackend.StartAsync("errors");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "errors.example", Nginx(("custom-http-errors", "503,404"), ("default-backend", "errors")), paths: [("/", "app")])],
            [Service("app"), Service("errors")], [.. Slices("app", [app]), .. Slices("errors", [errors])]));

        using var response = await gateway.Client().GetAsync("http://errors.example/page");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("errors", TestBackend.Field(body, "backend"));
        Assert.Equal("503", TestBackend.Field(body, "x-code"));
        Assert.Equal("/", TestBackend.Field(body, "target"));
        Assert.DoesNotContain("internals", body, StringComparison.Ordinal);
        // One request, one id: the error backend gets the X-Request-ID the app got.
        Assert.Matches("^[0-9a-f]{32}$", appRequestId);
        Assert.Equal(appRequestId, TestBackend.Field(body, "x-request-id"));
    }

    [Fact]
    public async Task Custom_http_errors_replace_the_gateways_own_502()
    {
        await using var errors = await TestBackend.StartAsync("errors");
        await using var gateway = await ProxyGateway.StartAsync(Objects(
            [Ingress("web", "bad.example", Nginx(("custom-http-errors", "502"), ("default-backend", "errors")), paths: [("/", "app")])],
            [Service("app"), Service("errors")], [Slice("app", "dead", "127.0.0.1", RoutingTests.ClosedPort()), .. Slices("errors", [errors])]));

        var body = await gateway.Client().GetStringAsync("http://bad.example/");

        Assert.Equal("errors", TestBackend.Field(body, "backend"));
        Assert.Equal("502", TestBackend.Field(body, "x-code"));
    }

    [Fact]
    public async Task One_app_mixes_in_process_and_proxied_backends()
    {
        await using var remote = await TestBackend.StartAsync("remote");
        await using var gateway = await ProxyGateway.StartAsync(
            Objects([Ingress("web", "mixed.example", paths: [("/local", "local"), ("/remote", "remote")])], [Service("local"), Service("remote")], Slices("remote", [remote])),
            pipeline: app =>
            {
                app.UseIngressRouting();
                app.MapIngressBackend("local", branch => branch.Run(context => context.Response.WriteAsync("backend=in-process\n")));
            });
        var client = gateway.Client();

        var local = await client.GetStringAsync("http://mixed.example/local/x");
        var proxied = await client.GetStringAsync("http://mixed.example/remote/x");

        Assert.Equal("in-process", TestBackend.Field(local, "backend"));
        Assert.Equal("remote", TestBackend.Field(proxied, "backend"));
    }
}
