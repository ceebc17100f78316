using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using IngressCore.Observability;
using IngressCore.Routing;
using IngressCore.Backends;
using IngressCore.Runtime;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Ingress routing to the request pipeline and maps in-process backends.</summary>
public static class IngressRoutingApplicationBuilderExtensions
{
    /// <summary>
    /// Routes every request by the Ingress rules: 400 for a request-target that escapes the root,
    /// HTTPS redirects (ssl-redirect, force-ssl-redirect), 404 when no rule or default backend takes
    /// it, HSTS on HTTPS responses, then the Service's in-process branch (<see cref="MapIngressBackend(IApplicationBuilder, string, Action{IApplicationBuilder})"/>),
    /// else the fallback branch, else forwarding to the Service's endpoints when IngressCore.Proxy's
    /// <c>AddForwarding()</c> was called, else 503 "no endpoints". Sets <see cref="IIngressRouteFeature"/>.
    /// Observed (<see cref="IngressTelemetry"/>): request metrics, an activity per request, and an
    /// access-log line per response, each only while someone listens. Terminal: middleware added
    /// after it never runs.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application, for chaining.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddIngressRouting()</c> was not called.</exception>
    public static IApplicationBuilder UseIngressRouting(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        var runtime = services.GetService<IngressRuntime>()
            ?? throw new InvalidOperationException("UseIngressRouting needs services.AddIngressRouting(...) first.");
        var middleware = new IngressRoutingMiddleware(
            runtime,
            services.GetRequiredService<RoutingSettings>(),
            IngressBackendRegistry.Of(app),
            services.GetService<IIngressServiceForwarder>(),
            services.GetRequiredService<ILogger<IngressRoutingMiddleware>>());
        var observed = new RequestTelemetry(
            middleware.InvokeAsync,
            services.GetRequiredService<IngressMetrics>(),
            services.GetRequiredService<ILoggerFactory>(),
            services.GetRequiredService<TimeProvider>());
        return app.Use(_ => observed.InvokeAsync);
    }

    /// <summary>Maps an in-process backend for a Service, whatever its port.</summary>
    /// <param name="app">The application.</param>
    /// <param name="service">The Service: <c>name</c> (any namespace) or <c>namespace/name</c>.</param>
    /// <param name="configure">Builds the branch that answers the Service's requests.</param>
    /// <returns>The application, for chaining.</returns>
    public static IApplicationBuilder MapIngressBackend(this IApplicationBuilder app, string service, Action<IApplicationBuilder> configure) =>
        Map(app, service, null, null, configure);

    /// <summary>Maps an in-process backend for one port of a Service (<c>backend.service.port.number</c>).</summary>
    /// <param name="app">The application.</param>
    /// <param name="service">The Service: <c>name</c> (any namespace) or <c>namespace/name</c>.</param>
    /// <param name="port">The Service port number the Ingress names.</param>
    /// <param name="configure">Builds the branch that answers the Service's requests.</param>
    /// <returns>The application, for chaining.</returns>
    public static IApplicationBuilder MapIngressBackend(this IApplicationBuilder app, string service, int port, Action<IApplicationBuilder> configure)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return Map(app, service, port, null, configure);
    }

    /// <summary>Maps an in-process backend for one named port of a Service (<c>backend.service.port.name</c>).</summary>
    /// <param name="app">The application.</param>
    /// <param name="service">The Service: <c>name</c> (any namespace) or <c>namespace/name</c>.</param>
    /// <param name="portName">The Service port name the Ingress names.</param>
    /// <param name="configure">Builds the branch that answers the Service's requests.</param>
    /// <returns>The application, for chaining.</returns>
    public static IApplicationBuilder MapIngressBackend(this IApplicationBuilder app, string service, string portName, Action<IApplicationBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(portName);
        return Map(app, service, null, portName, configure);
    }

    /// <summary>
    /// Maps the branch for requests whose Service has no in-process backend of its own (without
    /// one they get 503 "no endpoints"): the place for a proxy, or a stub while developing.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="configure">Builds the branch; <see cref="IIngressRouteFeature"/> says which route matched.</param>
    /// <returns>The application, for chaining.</returns>
    public static IApplicationBuilder MapIngressBackendFallback(this IApplicationBuilder app, Action<IApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(configure);
        IngressBackendRegistry.Of(app).SetFallback(Branch(app, configure));
        return app;
    }

    private static IApplicationBuilder Map(IApplicationBuilder app, string service, int? port, string? portName, Action<IApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentNullException.ThrowIfNull(configure);
        IngressBackendRegistry.Of(app).Add(service, port, portName, Branch(app, configure));
        return app;
    }

    private static RequestDelegate Branch(IApplicationBuilder app, Action<IApplicationBuilder> configure)
    {
        var branch = app.New();
        configure(branch);
        return branch.Build();
    }
}
