using IngressCore.AspNetCore;
using IngressCore.Matching;
using IngressCore.Tls;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers IngressCore's routing services.</summary>
public static class IngressRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Adds Ingress routing: the <see cref="RouteTableSource"/> built from the options, the
    /// <see cref="SniCertificateSource"/> that <c>listenOptions.UseIngressTls()</c> serves (built on
    /// first use), a <see cref="TimeProvider"/>, and the file watcher that reloads both when
    /// <see cref="IngressRoutingOptions.Load"/> and <see cref="IngressRoutingOptions.WatchPaths"/> are set.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; may be called by several <c>AddIngressRouting</c> calls.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddIngressRouting(this IServiceCollection services, Action<IngressRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<IngressRoutingOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IngressState>();
        services.TryAddSingleton(static sp => sp.GetRequiredService<IngressState>().Routes);
        services.TryAddSingleton(static sp => sp.GetRequiredService<IngressState>().Certificates);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IngressReloadService>());
        return services;
    }
}
