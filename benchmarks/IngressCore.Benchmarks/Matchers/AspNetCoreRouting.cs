using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using IngressCore.Benchmarks.RouteSets;

namespace IngressCore.Benchmarks.Matchers;

/// <summary>
/// ASP.NET Core's endpoint routing over a route set: a <see cref="WebApplication"/> with every
/// Prefix <c>/p</c> mapped as both <c>/p</c> and <c>/p/{**rest}</c>, the host via
/// <c>RequireHost</c>, and the rule attached as endpoint metadata. Two ways in:
/// <list type="bullet">
/// <item><see cref="Pipeline"/>: <c>UseRouting()</c> followed by a terminal no-op, built with
/// <c>IApplicationBuilder.Build()</c> (the public path a Kestrel app pays, minus the server);</item>
/// <item><see cref="Matcher"/>: the same DFA matcher called directly, created by the internal
/// <c>Microsoft.AspNetCore.Routing.Matching.MatcherFactory</c> service (reached by reflection)
/// over the app's endpoint data source.</item>
/// </list>
/// Both run over one reused <see cref="DefaultHttpContext"/>.
/// </summary>
public sealed class AspNetCoreRouting : IDisposable
{
    private const string MatcherFactoryType = "Microsoft.AspNetCore.Routing.Matching.MatcherFactory";

    private readonly WebApplication _app;

    /// <summary>Maps the set's rules.</summary>
    /// <param name="set">The route set.</param>
    /// <param name="directMatcher">Whether to create <see cref="Matcher"/> too (a second DFA).</param>
    public AspNetCoreRouting(RouteSet set, bool directMatcher)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseRouting();
        _app.Use(static (HttpContext _, RequestDelegate _) => Task.CompletedTask);

        foreach (var host in set.Hosts)
        {
            foreach (var prefix in host.Prefixes)
            {
                var key = new RuleKey(host.Host, prefix);
                _app.Map(prefix, Endpoint).RequireHost(host.Host).WithMetadata(key);
                _app.Map(prefix + "/{**rest}", Endpoint).RequireHost(host.Host).WithMetadata(key);
            }
        }

        Pipeline = ((IApplicationBuilder)_app).Build();
        Context = new DefaultHttpContext { RequestServices = _app.Services };
        Context.Request.Scheme = "http";
        Context.Request.Method = HttpMethods.Get;
        if (directMatcher)
        {
            Matcher = CreateMatcher(_app);
        }
    }

    /// <summary><c>UseRouting()</c> and a terminal no-op.</summary>
    public RequestDelegate Pipeline { get; }

    /// <summary>The DFA matcher's <c>MatchAsync</c>, when requested.</summary>
    public RequestDelegate? Matcher { get; }

    /// <summary>The reused request context.</summary>
    public DefaultHttpContext Context { get; }

    /// <summary>Runs one request through <paramref name="route"/> and returns the selected endpoint's rule, for validation.</summary>
    /// <param name="route">The pipeline or the matcher.</param>
    /// <param name="host">The request host.</param>
    /// <param name="path">The request path.</param>
    /// <returns>The rule, or <see langword="null"/> when no endpoint was selected.</returns>
    public RuleKey? Resolve(RequestDelegate route, string host, string path)
    {
        ArgumentNullException.ThrowIfNull(route);
        Context.SetEndpoint(null);
        Context.Request.Host = new HostString(host);
        Context.Request.Path = new PathString(path);
        route(Context).GetAwaiter().GetResult();
        return Context.GetEndpoint()?.Metadata.GetMetadata<RuleKey>();
    }

    /// <inheritdoc />
    public void Dispose() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static Task Endpoint(HttpContext context) => Task.CompletedTask;

    private static RequestDelegate CreateMatcher(WebApplication app)
    {
        var factoryType = typeof(EndpointDataSource).Assembly.GetType(MatcherFactoryType, throwOnError: true)!;
        var factory = app.Services.GetService(factoryType)
            ?? throw new InvalidOperationException($"{MatcherFactoryType} is not registered");
        var dataSource = new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources);
        var matcher = factoryType
            .GetMethod("CreateMatcher", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!
            .Invoke(factory, [dataSource])!;
        var matchAsync = matcher.GetType().GetMethod("MatchAsync", BindingFlags.Instance | BindingFlags.Public, [typeof(HttpContext)])
            ?? throw new InvalidOperationException($"{matcher.GetType()} has no MatchAsync(HttpContext)");
        return matchAsync.CreateDelegate<RequestDelegate>(matcher);
    }
}
